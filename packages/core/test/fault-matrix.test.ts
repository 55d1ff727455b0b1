// The fault matrix: each fault from @comput3/mock over real loopback HTTP, and for each the
// outcome the SDK promises, within a bounded time, with no unhandled rejection, every socket
// closed on the server side once the client lets go, and the API key in no error or log line.
import { replyText, startMockServer, type MockServer } from '@comput3/mock';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  Comput3,
  InternalServerError,
  InvalidResponseError,
  type ChatCompletion,
  type ClientOptions,
} from '../src/index.js';

const KEY = 'sk-matrix-SECRET-5e1f0c';
let mock: MockServer;
let agent: Agent;
let lines: string[];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  mock = await startMockServer({ apiKeys: [KEY] });
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await mock.close();
});
beforeEach(() => {
  agent = new Agent();
  lines = [];
});
afterEach(async () => {
  // Let go of the client's sockets: the server must then see every connection closed.
  await agent.close();
  await expect.poll(() => mock.connections, { timeout: 5000 }).toBe(0);
  // Unhandled rejections are reported once the current task ends: let one end.
  await new Promise((r) => setImmediate(r));
  expect(unhandled).toEqual([]);
  expect(lines.join('\n')).not.toContain(KEY);
  expect(lines.length).toBeGreaterThan(0); // the debug log did record the exchange
});

function client(options: ClientOptions = {}) {
  const record = (level: string) => (message: string) => lines.push(`${level} ${message}`);
  return new Comput3({
    apiKey: KEY,
    baseURL: mock.url,
    logLevel: 'debug',
    logger: {
      error: record('error'),
      warn: record('warn'),
      info: record('info'),
      debug: record('debug'),
    },
    fetch: (url, init) =>
      undiciFetch(url, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>,
    ...options,
  });
}

const body = (content: string) => ({
  model: 'hermes4:70b',
  messages: [{ role: 'user' as const, content }],
});
const fault = (spec: string) => ({ headers: { 'x-mock-fault': spec } });
const noKey = (error: unknown) =>
  expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain(KEY);

async function readAll(stream: AsyncIterable<unknown>) {
  let n = 0;
  for await (const _ of stream) n++;
  return n;
}

describe('fault matrix', () => {
  test('503 twice, then success: retried to success', async () => {
    const result = await client().chat.completions.create(
      body('x'),
      fault('status=503; times=2; id=m503'),
    );
    expect(result.choices[0]?.finish_reason).toBe('stop');
    expect(mock.requests.slice(-3).map((r) => r.status)).toEqual([503, 503, 200]);
    expect(lines.filter((l) => l.includes('retrying'))).toHaveLength(2);
  });

  test('429 with Retry-After: 1 waits about a second, then succeeds', async () => {
    const started = Date.now();
    await client().chat.completions.create(
      body('x'),
      fault('status=429; retry-after=1; times=1; id=m429'),
    );
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(lines.join('\n')).toContain('retrying in 1000 ms');
  });

  test('reset before headers: retried, then APIConnectionError', async () => {
    const error = await client({ maxRetries: 1 })
      .chat.completions.create(body('x'), fault('drop-before-headers'))
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(mock.requests.slice(-2).every((r) => r.closedEarly)).toBe(true);
    noKey(error);
  });

  test('reset after K stream chunks: typed error, the K chunks kept, no retry', async () => {
    const before = mock.requests.length;
    const stream = await client().chat.completions.create(
      { ...body('cut'), stream: true },
      fault('drop-after-chunks=5'),
    );
    const seen: string[] = [];
    const error = await (async () => {
      for await (const c of stream) seen.push(c.choices[0]?.delta.content ?? '');
    })().catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(seen).toHaveLength(5);
    expect((error.partial as ChatCompletion).choices[0]?.message.content).toBe(seen.join(''));
    expect(mock.requests.length - before).toBe(1);
    noKey(error);
  });

  test('stall before headers longer than the timeout: APITimeoutError, server sees the close', async () => {
    const error = await client({ timeout: 200, maxRetries: 0 })
      .chat.completions.create(body('x'), fault('delay-headers=5000'))
      .catch((e) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    await expect.poll(() => mock.requests.at(-1)?.closedEarly).toBe(true);
    noKey(error);
  });

  test('stall between chunks longer than the timeout: APITimeoutError with the partial', async () => {
    // A second of silence against a 30 s stall, and no retries: were a busy machine to read the
    // first chunk late, the stream (nothing delivered yet) would otherwise be tried again.
    const stream = await client({ timeout: 1000, maxRetries: 0 }).chat.completions.create(
      { ...body('slow'), stream: true },
      fault('delay-chunks=30000'),
    );
    const error = await readAll(stream).catch((e) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error.partial.choices[0].message.role).toBe('assistant');
    await expect.poll(() => mock.requests.at(-1)?.closedEarly).toBe(true);
  });

  test('200 with broken JSON: InvalidResponseError, not retried', async () => {
    const before = mock.requests.length;
    const error = await client()
      .chat.completions.create(body('x'), fault('malformed-json'))
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.status).toBe(200);
    expect(mock.requests.length - before).toBe(1);
    noKey(error);
  });

  test('an HTML 502 page: retried, then InternalServerError', async () => {
    const error = await client({ maxRetries: 1 })
      .chat.completions.create(body('x'), { ...fault('html-502; retry-after-ms=5') })
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.message).toContain('failed with 502');
    noKey(error);
  });

  test('a stream that ends after its finish without [DONE]: complete, as the openai package has it', async () => {
    const stream = await client().chat.completions.create(
      { ...body('almost'), stream: true },
      fault('no-done'),
    );
    expect((await stream.finalCompletion()).choices[0]?.finish_reason).toBe('stop');
  });

  test('a stream that ends before its finish: InvalidResponseError with the whole text as partial', async () => {
    const stream = await client().chat.completions.create(
      { ...body('almost'), stream: true },
      fault('no-finish'),
    );
    const error = await readAll(stream).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.partial.choices[0].message.content).toBe(
      await replyText(body('almost').model, body('almost').messages),
    );
  });

  test('SSE comments, CRLF line ends and blank keep-alives parse like a clean stream', async () => {
    const c = client();
    const clean = await (
      await c.chat.completions.create({ ...body('noise'), stream: true })
    ).finalCompletion();
    const noisy = await (
      await c.chat.completions.create({ ...body('noise'), stream: true }, fault('sse-noise; crlf'))
    ).finalCompletion();
    expect(noisy.choices).toEqual(clean.choices);
  });

  test('a 50 MB answer streams through without being held twice', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'run with --expose-gc (see vitest.config.ts)').toBeTypeOf('function');
    gc!();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let wire = 0;
    let content = 0;
    const c = client({
      fetch: async (url, init) => {
        const res = (await undiciFetch(url, {
          ...(init as object),
          dispatcher: agent,
        })) as unknown as Response;
        // Count the bytes on the wire without keeping them.
        const counted = res.body!.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              wire += chunk.byteLength;
              controller.enqueue(chunk);
            },
          }),
        );
        return new Response(counted, { status: res.status, headers: res.headers });
      },
    });
    const stream = await c.chat.completions.create(
      { ...body('big'), stream: true },
      { headers: { 'x-mock-reply-tokens': '320000' } },
    );
    let n = 0;
    for await (const piece of stream.text()) {
      content += piece.length;
      if (++n % 40_000 === 0) {
        gc!();
        peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      }
    }
    const final = await stream.finalCompletion();
    expect(wire).toBeGreaterThan(50 * 1024 * 1024);
    expect(final.choices[0]?.message.content?.length).toBe(content);
    // The only copy kept is the accumulated text (~2 MB); 50 MB of SSE went through and away.
    expect(peak).toBeLessThan(content * 2 + 16 * 1024 * 1024);
    expect(peak).toBeLessThan(wire / 2);
  }, 60_000);
});
