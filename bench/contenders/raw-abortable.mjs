// The floor plus what any client that can time out or be cancelled must pay: an AbortSignal
// handed to fetch with every request. Shown to separate that cost from the SDK's own.
import { create as createRaw } from './raw.mjs';

export function create(options) {
  const fetch = options.fetch ?? globalThis.fetch;
  return createRaw({
    ...options,
    fetch: (url, init) => fetch(url, { ...init, signal: new AbortController().signal }),
  });
}
