// The demo server's API, in process (no sockets), against a mock upstream.
import { Comput3 } from '@comput3/core';
import { replyText, startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../src/index.js';

let mock: MockServer;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  mock = await startMockServer();
  app = createApp({
    client: new Comput3({ apiKey: 'sk-demo-app-test', baseURL: mock.url, maxRetries: 0 }),
    mode: 'offline mock',
    chatsPerMinute: false,
  });
});
afterAll(() => mock.close());

const chat = (body: unknown, init: RequestInit = {}, target = app) =>
  target.request('/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const hello = { model: 'kimi-k2', messages: [{ role: 'user', content: 'Hello demo' }] };

async function readEvents(res: Response) {
  return (await res.text())
    .split('\n\n')
    .filter(Boolean)
    .map((raw) => ({
      name: /^event: (.*)$/m.exec(raw)?.[1] ?? 'message',
      data: JSON.parse(/^data: (.*)$/m.exec(raw)![1]!),
    }));
}

describe('POST /api/chat', () => {
  test('streams the answer as deltas, then done', async () => {
    const res = await chat(hello);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = await readEvents(res);
    // The end carries what the page shows under the reply: usage, model and request id.
    expect(events.at(-1)).toEqual({
      name: 'done',
      data: {
        finish_reason: 'stop',
        usage: {
          prompt_tokens: expect.any(Number),
          completion_tokens: expect.any(Number),
          total_tokens: expect.any(Number),
        },
        model: 'kimi-k2',
        request_id: expect.stringMatching(/^req_mock_\d+$/),
      },
    });
    expect(
      events
        .slice(0, -1)
        .map((e) => e.data.delta)
        .join(''),
    ).toBe(await replyText('kimi-k2', [{ role: 'user', content: 'Hello demo' }]));
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
    expect(await res.json()).toMatchObject({ kind: 'invalid', field });
    expect(mock.requests.length).toBe(before);
  });

  test('400 for malformed JSON, 415 for another content type, 413 for a huge body', async () => {
    expect((await chat('{"model":')).status).toBe(400);
    const form = await app.request('/api/chat', {
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
    expect((await huge.json()).error).toContain('too long');
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
      error: 'Comput3 is rate limiting this demo: try again in 7 s.',
      kind: 'rate_limit',
      retryAfter: 7,
    });

    mock.injectFaults('status=401');
    expect(await (await chat(hello)).json()).toMatchObject({ kind: 'auth' });
    mock.injectFaults('drop-before-headers');
    const down = await chat(hello);
    expect(down.status).toBe(504);
    expect(await down.json()).toMatchObject({ kind: 'network' });
    const unknown = await chat({ ...hello, model: 'no-such-model' });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toContain('does not exist');
  });

  test('a failure mid-stream ends the stream with an error event', async () => {
    mock.injectFaults('drop-after-chunks=3');
    const events = await readEvents(await chat(hello));
    expect(events.at(-1)).toMatchObject({ name: 'error', data: { kind: 'network' } });
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
    expect((await third.json()).kind).toBe('rate_limit');
  });
});

describe('GET /healthz and /api/config', () => {
  test('/healthz says the server is up and how it runs, and is never cached', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, mode: 'offline mock' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('/api/config gives the base URL that View as code shows, and no key', async () => {
    const res = await app.request('/api/config');
    const text = await res.text();
    expect(JSON.parse(text).baseURL).toBe(mock.url);
    expect(text).not.toContain('sk-demo-app-test');
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
