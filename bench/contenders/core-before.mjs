// Ours, as it was before a change: set BENCH_BEFORE=1 after bundling the earlier source to
// bench/.core-before.mjs (see RESULTS.md), to measure a change side by side in one run.
import { Comput3 } from '../.core-before.mjs';

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
