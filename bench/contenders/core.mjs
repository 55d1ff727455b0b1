// Ours.
import { Comput3 } from '@comput3/core';

/** The contender for a given Comput3 class (core-before.mjs passes an earlier build's). */
export const createWith =
  (Client) =>
  ({ baseURL, apiKey, fetch }) => {
    const client = new Client({ apiKey, baseURL, maxRetries: 0, ...(fetch ? { fetch } : {}) });
    return {
      async complete(body, headers) {
        return (await client.chat.completions.create(body, { headers })).choices[0].message.content;
      },
      async *stream(body, headers) {
        yield* await client.chat.completions.create({ ...body, stream: true }, { headers });
      },
    };
  };

export const create = createWith(Comput3);
