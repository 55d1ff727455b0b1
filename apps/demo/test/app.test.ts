// The demo server's API, in process (no sockets), against a mock upstream.
import { Comput3 } from '@comput3/core';
import { replyText, startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../src/index.js';

let mock: MockServer;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  mock = await startMockServer({ recordBodies: true });
  app = createApp({
    client: new Comput3({ apiKey: 'sk-demo-app-test', baseURL: mock.url, maxRetries: 0 }),
    mode: 'offline mock',
    chatsPerMinute: false,
  });
});
afterAll(() => mock.close());

const chat = (body: unknown, init: RequestInit = {}, target = app) =>
  target.request('/api/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const hello = { model: 'kimi-k2', messages: [{ role: 'user' as const, content: 'Hello demo' }] };

/** The SDK as the page uses it, calling the app in process. */
const pageClient = (target = app) =>
  new Comput3({
    apiKey: 'held-by-the-demo-server',
    baseURL: 'http://localhost/api',
    maxRetries: 0,
    fetch: async (url, init) => target.request(url, init),
  });

describe('POST /api/chat/completions', () => {
  test("relays the API's event stream as it came: the SDK in the page reads it whole", async () => {
    const res = await chat({ ...hello, stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('x-request-id')).toMatch(/^req_mock_\d+$/);
    const raw = await res.text();
    expect(raw.startsWith('data: {')).toBe(true);
    expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);

    const stream = await pageClient().chat.completions.create({ ...hello, stream: true });
    const final = await stream.finalCompletion();
    expect(final.choices[0]!.message.content).toBe(
      await replyText('kimi-k2', [{ role: 'user', content: 'Hello demo' }]),
    );
    // The page shows these under the reply: the server asks for usage whatever the page sent.
    expect(final).toMatchObject({
      model: 'kimi-k2',
      choices: [{ finish_reason: 'stop' }],
      usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) },
    });
    expect(stream.requestId).toMatch(/^req_mock_\d+$/);
    expect(mock.requests.at(-1)!.body).toMatchObject({ stream_options: { include_usage: true } });
  });

  test.each([
    [{ ...hello, temperature: 3 }, 'temperature'],
    [{ ...hello, max_tokens: 0 }, 'max_tokens'],
    [{ ...hello, messages: [] }, 'messages'],
    [{ ...hello, messages: [{ role: 'root', content: 'x' }] }, 'messages[0].role'],
    [{ messages: hello.messages }, 'model'],
  ])('400 names the field for %j, and nothing reaches upstream', async (body, field) => {
    const before = mock.requests.length;
    const res = await chat(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid', param: field } });
    expect(mock.requests.length).toBe(before);
  });

  test('400 for malformed JSON, 415 for another content type, 413 for a huge body', async () => {
    expect((await chat('{"model":')).status).toBe(400);
    const form = await app.request('/api/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hi',
    });
    expect(form.status).toBe(415);
    const huge = await chat({
      ...hello,
      messages: [{ role: 'user', content: 'x'.repeat(100_000) }],
    });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.message).toContain('start a new chat');
  });

  test('the page cannot choose the upstream URL, key or headers', async () => {
    const before = mock.requests.length;
    const res = await chat(
      {
        ...hello,
        baseURL: 'http://evil.test/v1',
        apiKey: 'sk-evil',
        headers: { 'x-mock-fault': 'status=500' },
      },
      { headers: { 'x-mock-fault': 'status=500', authorization: 'Bearer sk-evil' } },
    );
    expect(res.status).toBe(200);
    await res.text();
    expect(mock.requests.length).toBe(before + 1);
    expect(mock.requests.at(-1)!.fault).toBeUndefined(); // the browser's header was not forwarded
  });

  test('upstream errors become readable messages with fitting statuses', async () => {
    mock.injectFaults('status=429; retry-after=7');
    const limited = await chat(hello);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.json()).toEqual({
      error: {
        message: 'Comput3 is rate limiting this demo: try again in 7 s.',
        type: 'rate_limit',
        param: null,
        code: null,
      },
    });

    mock.injectFaults('status=401');
    expect(await (await chat(hello)).json()).toMatchObject({ error: { type: 'auth' } });
    // Twice: the SDK tries again, once, when a kept-alive socket is closed before any answer
    // (on a fresh socket it does not: what is left is cleared, for the next request).
    mock.injectFaults('drop-before-headers; times=2');
    const down = await chat(hello);
    expect(down.status).toBe(504);
    expect(await down.json()).toMatchObject({ error: { type: 'network' } });
    mock.clearFaults();
    const unknown = await chat({ ...hello, model: 'no-such-model' });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.message).toContain('does not exist');
    // The page's SDK takes the sentence as the error's own.
    mock.injectFaults('status=429; retry-after=7');
    await expect(
      pageClient().chat.completions.create({ ...hello, stream: true }),
    ).rejects.toMatchObject({
      status: 429,
      error: { message: 'Comput3 is rate limiting this demo: try again in 7 s.' },
    });
  });

  test('a failure mid-stream cuts the relayed stream, and the SDK in the page says so', async () => {
    mock.injectFaults('drop-after-chunks=3');
    const stream = await pageClient().chat.completions.create({ ...hello, stream: true });
    const pieces: string[] = [];
    const error = await (async () => {
      for await (const text of stream.text()) pieces.push(text);
    })().catch((e: unknown) => e);
    expect(pieces.length).toBeGreaterThan(0);
    // Never mistaken for a whole answer: it fails, with what came.
    expect(error).toBeInstanceOf(Error);
    await expect(stream.finalCompletion()).rejects.toBe(error);
  });

  test('the per-client rate limit answers 429 with Retry-After', async () => {
    const limited = createApp({
      client: new Comput3({ apiKey: 'k', baseURL: mock.url }),
      mode: 'offline mock',
      chatsPerMinute: 2,
    });
    expect((await chat(hello, {}, limited)).status).toBe(200);
    expect((await chat(hello, {}, limited)).status).toBe(200);
    const third = await chat(hello, {}, limited);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await third.json()).error.type).toBe('rate_limit');
  });
});

describe('GET /healthz and /api/config', () => {
  test('/healthz says the server is up and how it runs, and is never cached', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, mode: 'offline mock' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('/api/config gives the base URL that View as code shows (live only), the body limit, and no key', async () => {
    const offline = await app.request('/api/config');
    const text = await offline.text();
    // Offline the mock's URL (a new port each start) is of no use to a snippet: none is given.
    expect(JSON.parse(text)).not.toHaveProperty('baseURL');
    expect(JSON.parse(text).maxBodyBytes).toBe(64 * 1024);
    expect(text).not.toContain('sk-demo-app-test');
    const live = createApp({
      client: new Comput3({ apiKey: 'sk-demo-app-test', baseURL: mock.url }),
      mode: 'live API',
      chatsPerMinute: false,
    });
    const liveText = await (await live.request('/api/config')).text();
    expect(JSON.parse(liveText).baseURL).toBe(mock.url);
    expect(liveText).not.toContain('sk-demo-app-test');
  });
});

describe('security headers', () => {
  test('every answer carries a CSP and friends', async () => {
    const res = await app.request('/api/config');
    expect(await res.json()).toMatchObject({
      mode: 'offline mock',
      models: expect.arrayContaining(['hermes4:70b']),
    });
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
