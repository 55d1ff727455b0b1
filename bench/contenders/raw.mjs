// The floor: fetch, JSON.parse and a minimal SSE splitter.
import { splitEvents } from './sse-splitter.mjs';

export function create({ baseURL, apiKey, fetch = globalThis.fetch }) {
  const post = (body, headers) =>
    fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify(body),
    });
  return {
    async complete(body, headers) {
      const res = await post(body, headers);
      return (await res.json()).choices[0].message.content;
    },
    async *stream(body, headers) {
      const res = await post({ ...body, stream: true }, headers);
      yield* splitEvents(res.body);
    },
  };
}
