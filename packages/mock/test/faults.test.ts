import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseFault, startMockServer, type MockServer } from '../src/index.js';
import { call, checkContract, hello, sseData } from './contract.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());

const fault = (spec: string) => ({ 'x-mock-fault': spec });
const post = (headers: Record<string, string>, extra = {}) =>
  call(mock.url, '/chat/completions', { body: hello('fault', extra), headers, faulted: true });

/** Reads a streamed answer until it ends or breaks; returns the events seen and how it ended. */
async function readStream(headers: Record<string, string>, extra = {}) {
  const res = await fetch(`${mock.url}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer k', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(hello('fault', { stream: true, ...extra })),
  });
  let text = '';
  const decoder = new TextDecoder();
  let error: unknown;
  try {
    for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(part, { stream: true });
    }
  } catch (e) {
    error = e;
  }
  return { res, text, events: sseData(text), error };
}

describe('parseFault', () => {
  test('reads keys, values and flags', () => {
    expect(parseFault('status=503; times=2; retry-after=1; should-retry=false')).toEqual({
      status: 503,
      times: 2,
      retryAfter: '1',
      shouldRetry: false,
    });
    expect(parseFault('drop-after-chunks=3, no-done, crlf')).toEqual({
      dropAfterChunks: 3,
      noDone: true,
      crlf: true,
    });
  });

  test.each([
    ['stauts=503', 'Unknown fault "stauts"'],
    ['status=abc', 'needs a whole number'],
    ['status=200', 'must be an error status'],
    ['no-done=3', 'is a flag'],
    ['should-retry=maybe', 'takes true or false'],
    ['delay-headers', 'needs a value'],
    ['delay-headers=60001', 'is at most 60000'],
    ['delay-chunks=99999999', 'is at most 60000'],
    ['times=10001', 'is at most 10000'],
    ['retry-after-ms=600001', 'is at most 600000'],
    ['drop-after-chunks=1000001', 'is at most 1000000'],
  ])('rejects %s with a clear message', (text, message) => {
    expect(() => parseFault(text)).toThrow(message);
  });

  test('a malformed fault header is a 400 that says what is wrong', async () => {
    const a = await post(fault('stauts=503'));
    expect(a.status).toBe(400);
    expect(a.json.error.code).toBe('invalid_fault');
    expect(a.json.error.message).toContain('Known faults: status');
  });
});

describe('faults per request (x-mock-fault)', () => {
  test('N failures with a status, then success', async () => {
    const h = fault('status=503; times=2; id=n-then-ok');
    expect((await post(h)).status).toBe(503);
    expect((await post(h)).status).toBe(503);
    expect((await post(h)).status).toBe(200);
    expect((await post(h)).status).toBe(200);
  });

  test('without times, every request with the header fails', async () => {
    for (let i = 0; i < 3; i++) expect((await post(fault('status=500'))).status).toBe(500);
  });

  test('retry hints: Retry-After, retry-after-ms, x-should-retry', async () => {
    const a = await post(
      fault('status=429; retry-after=2; retry-after-ms=1500; should-retry=true'),
    );
    expect(a.status).toBe(429);
    expect(a.json.error.type).toBe('rate_limit_error');
    expect(a.headers.get('retry-after')).toBe('2');
    expect(a.headers.get('retry-after-ms')).toBe('1500');
    expect(a.headers.get('x-should-retry')).toBe('true');
  });

  test('delay before headers', async () => {
    const start = performance.now();
    const a = await post(fault('delay-headers=200'));
    expect(a.status).toBe(200);
    expect(performance.now() - start).toBeGreaterThanOrEqual(190);
  });

  test('delay between chunks', async () => {
    const start = performance.now();
    const { events } = await readStream(fault('delay-chunks=20'), { max_tokens: 5 });
    // role + 5 deltas + finish + [DONE] = 8 events, 7 gaps
    expect(events.length).toBe(8);
    expect(performance.now() - start).toBeGreaterThanOrEqual(7 * 20 - 10);
  });

  test('drop the connection before headers', async () => {
    await expect(
      fetch(`${mock.url}/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', ...fault('drop-before-headers') },
        body: JSON.stringify(hello()),
      }),
    ).rejects.toThrow(/fetch failed/);
    await expect.poll(() => mock.requests.at(-1)?.closedEarly).toBe(true);
  });

  test('drop the connection after K chunks', async () => {
    const { res, events, error } = await readStream(fault('drop-after-chunks=3'));
    expect(res.status).toBe(200);
    expect(events.length).toBe(3);
    expect(events).not.toContain('[DONE]');
    expect(error).toBeInstanceOf(Error);
  });

  test('stall after K chunks: those arrive, then silence, the connection open until the client leaves', async () => {
    const controller = new AbortController();
    const res = await fetch(`${mock.url}/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer k',
        'content-type': 'application/json',
        ...fault('stall-after-chunks=2'),
      },
      body: JSON.stringify(hello('fault', { stream: true })),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    // The role and the first token come; then nothing, however long the reader waits for more.
    while (sseData(text).length < 2) text += decoder.decode((await reader.read()).value);
    const events = sseData(text);
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[1]!).choices[0].delta.content).toBeTruthy();
    const record = mock.requests.at(-1)!;
    expect(record.endedAt).toBeUndefined();
    // Held open: it ends when the client leaves, not before.
    controller.abort();
    await expect.poll(() => record.closedEarly).toBe(true);
  });

  test('drop a non-streamed answer half-way through the body', async () => {
    const res = await fetch(`${mock.url}/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer k',
        'content-type': 'application/json',
        ...fault('drop-after-chunks=1'),
      },
      body: JSON.stringify(hello()),
    });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  test('malformed JSON with status 200', async () => {
    const a = await post(fault('malformed-json'));
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toBe('application/json');
    expect(() => JSON.parse(a.text)).toThrow(SyntaxError);
  });

  test('malformed JSON inside a stream', async () => {
    const { events } = await readStream(fault('malformed-json'));
    expect(() => JSON.parse(events[1]!)).toThrow(SyntaxError);
  });

  test('an HTML 502 page', async () => {
    const a = await post(fault('html-502'));
    expect(a.status).toBe(502);
    expect(a.headers.get('content-type')).toBe('text/html');
    expect(a.text).toContain('<h1>502 Bad Gateway</h1>');
  });

  test('a stream that ends cleanly before its finish chunk, without [DONE]', async () => {
    const { events, error } = await readStream(fault('no-finish'));
    expect(error).toBeUndefined();
    expect(events.length).toBeGreaterThan(1);
    expect(events).not.toContain('[DONE]');
    for (const data of events) expect(JSON.parse(data).choices[0].finish_reason).toBeNull();
  });

  test('a fault parameter over its limit is a 400 naming the limit', async () => {
    const a = await post(fault('delay-headers=3600000'));
    expect(a.status).toBe(400);
    expect(a.json.error.message).toBe('Fault "delay-headers" is at most 60000, got 3600000.');
  });

  test('a stream that ends without [DONE]', async () => {
    const { events, error } = await readStream(fault('no-done'));
    expect(error).toBeUndefined();
    expect(events.at(-1)).not.toBe('[DONE]');
    expect(JSON.parse(events.at(-1)!).choices[0].finish_reason).toBe('stop');
  });

  test('SSE comments, blank keep-alives and CRLF line ends parse to the same events', async () => {
    const plain = await readStream({});
    const noisy = await readStream(fault('sse-noise; crlf'));
    expect(noisy.text).toContain(': keep-alive\r\n');
    expect(noisy.text).not.toMatch(/[^\r]\n/);
    // Same events apart from the completion id and the clock.
    const strip = (events: string[]) =>
      events.map((e) => e.replace(/"created":\d+/, '').replace(/chatcmpl-mock\d+/, ''));
    expect(strip(noisy.events)).toEqual(strip(plain.events));
  });

  test('faults apply to GET /models too', async () => {
    const a = await call(mock.url, '/models', {
      headers: fault('status=503; retry-after=3'),
      faulted: true,
    });
    expect(a.status).toBe(503);
    expect(a.headers.get('retry-after')).toBe('3');
  });
});

describe('scripted faults per server', () => {
  test('the queue is used in order, then requests succeed', async () => {
    const scripted = await startMockServer({
      faults: ['status=503; times=2', { status: 429, retryAfter: '1' }],
    });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        const a = await call(scripted.url, '/chat/completions', { body: hello(), faulted: true });
        statuses.push(a.status);
      }
      expect(statuses).toEqual([503, 503, 429, 200, 200]);
      scripted.injectFaults('html-502');
      expect(
        (await call(scripted.url, '/chat/completions', { body: hello(), faulted: true })).status,
      ).toBe(502);
      expect(scripted.requests.map((r) => r.status)).toEqual([503, 503, 429, 200, 200, 502]);
      // What a test's requests left unused is cleared, and counted.
      scripted.injectFaults('status=500; times=3', 'html-502');
      expect(
        (await call(scripted.url, '/chat/completions', { body: hello(), faulted: true })).status,
      ).toBe(500);
      expect(scripted.clearFaults()).toBe(3);
      expect(
        (await call(scripted.url, '/chat/completions', { body: hello(), faulted: true })).status,
      ).toBe(200);
    } finally {
      await scripted.close();
    }
  });

  test('a bad scripted fault fails at start, not mid-test', async () => {
    await expect(startMockServer({ faults: ['status=9000'] })).rejects.toThrow(
      'must be an error status',
    );
  });
});

describe('the contract check itself', () => {
  test('rejects an answer the spec does not allow', () => {
    const answer = {
      status: 200,
      headers: new Headers({ 'content-type': 'application/json' }),
      text: '',
      json: { id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0 }] },
      events: [],
    };
    expect(() => checkContract('POST', `${mock.url}/chat/completions`, answer)).toThrow();
    expect(() =>
      checkContract('POST', `${mock.url}/chat/completions`, { ...answer, status: 418, json: {} }),
    ).toThrow(/not in the spec/);
  });
});
