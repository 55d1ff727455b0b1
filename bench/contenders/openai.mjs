// What people use today: the official openai package pointed at the Comput3 base URL.
import OpenAI from 'openai';

export function create({ baseURL, apiKey, fetch }) {
  const client = new OpenAI({ apiKey, baseURL, maxRetries: 0, ...(fetch ? { fetch } : {}) });
  return {
    async complete(body, headers) {
      return (await client.chat.completions.create(body, { headers })).choices[0].message.content;
    },
    async *stream(body, headers) {
      yield* await client.chat.completions.create({ ...body, stream: true }, { headers });
    },
  };
}
