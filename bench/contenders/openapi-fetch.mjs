// Bare openapi-fetch with our generated types (types cost nothing at run time), and the
// floor's SSE splitter, since openapi-fetch has none.
import createClient from 'openapi-fetch';
import { splitEvents } from './sse-splitter.mjs';

export function create({ baseURL, apiKey, fetch }) {
  const client = createClient({
    baseUrl: baseURL,
    headers: { authorization: `Bearer ${apiKey}` },
    ...(fetch ? { fetch } : {}),
  });
  return {
    async complete(body, headers) {
      const { data } = await client.POST('/chat/completions', { body, headers });
      return data.choices[0].message.content;
    },
    async *stream(body, headers) {
      const { data } = await client.POST('/chat/completions', {
        body: { ...body, stream: true },
        headers,
        parseAs: 'stream',
      });
      yield* splitEvents(data);
    },
  };
}
