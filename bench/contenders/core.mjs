// Ours.
import { Comput3 } from '@comput3/core';

export function create({ baseURL, apiKey, fetch }) {
  const client = new Comput3({ apiKey, baseURL, maxRetries: 0, ...(fetch ? { fetch } : {}) });
  return {
    async complete(body, headers) {
      return (await client.chat.completions.create(body, { headers })).choices[0].message.content;
    },
    async *stream(body, headers) {
      yield* await client.chat.completions.create({ ...body, stream: true }, { headers });
    },
  };
}
