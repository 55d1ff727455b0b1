// Pins what src/openapi-fetch-adapter.ts relies on in openapi-fetch: an upgrade that stops
// honouring the `Request` option, the per-call `fetch` or the body serializer fails here first.
import { describe, expect, test } from 'vitest';
import {
  adaptFetch,
  createAdaptedClient,
  type AdaptedRequest,
} from '../src/openapi-fetch-adapter.js';

function recorder(response: () => Response) {
  const seen: AdaptedRequest[] = [];
  const fetch = adaptFetch(async (request) => {
    seen.push(request);
    return response();
  });
  return { seen, fetch };
}

const body = { model: 'kimi-k2', messages: [{ role: 'user' as const, content: 'Hi ✓' }] };

describe('openapi-fetch adapter', () => {
  test('a POST reaches the per-call fetch as URL, method and our JSON text, untouched', async () => {
    const api = createAdaptedClient('http://api.test/v1');
    const { seen, fetch } = recorder(() => new Response('{}', { status: 200 }));
    const { data, response } = await api.POST('/chat/completions', {
      body,
      parseAs: 'stream',
      fetch,
    });
    expect(seen).toEqual([
      { url: 'http://api.test/v1/chat/completions', method: 'POST', body: JSON.stringify(body) },
    ]);
    expect(response.status).toBe(200);
    // parseAs: 'stream' hands back the body unread, for core to read under its own timeout.
    expect(data).toBeInstanceOf(ReadableStream);
  });

  test('a GET has no body', async () => {
    const api = createAdaptedClient('http://api.test/v1');
    const { seen, fetch } = recorder(() => new Response('{"object":"list","data":[]}'));
    await api.GET('/models', { parseAs: 'stream', fetch });
    expect(seen).toEqual([{ url: 'http://api.test/v1/models', method: 'GET', body: undefined }]);
  });

  test('error bodies come back parsed when JSON, as text otherwise (apiError reads both)', async () => {
    const api = createAdaptedClient('http://api.test/v1');
    const json = recorder(() => new Response('{"message":"busy"}', { status: 503 }));
    const a = await api.POST('/chat/completions', { body, parseAs: 'stream', fetch: json.fetch });
    expect(a.error).toEqual({ message: 'busy' });
    const text = recorder(() => new Response('Bad Gateway', { status: 502 }));
    const b = await api.POST('/chat/completions', { body, parseAs: 'stream', fetch: text.fetch });
    expect(b.error).toBe('Bad Gateway');
  });
});
