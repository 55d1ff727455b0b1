// End to end over real loopback HTTP against @comput3/mock and its fault injection.
import { replyText, startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  Comput3,
  InternalServerError,
  InvalidResponseError,
  KNOWN_MODELS,
  NotFoundError,
  RateLimitError,
  type ChatCompletionChunk,
} from '../src/index.js';

let mock: MockServer;
let c: Comput3;
beforeAll(async () => {
  mock = await startMockServer();
  c = new Comput3({ apiKey: 'sk-e2e-test-key', baseURL: mock.url });
});
afterAll(() => mock.close());

const fault = (spec: string) => ({ headers: { 'x-mock-fault': spec } });
const msg = (content: string) => ({
  model: 'hermes4:70b',
  messages: [{ role: 'user' as const, content }],
});
const lastRequest = () => mock.requests.at(-1)!;

describe('against the mock', () => {
  test('a completion, streamed and not, gives the same answer', async () => {
    const plain = await c.chat.completions.create({ ...msg('same answer?'), max_tokens: 400 });
    const stream = await c.chat.completions.create({
      ...msg('same answer?'),
      max_tokens: 400,
      stream: true,
      stream_options: { include_usage: true },
    });
    const final = await stream.finalCompletion();
    expect(final.choices[0]?.message).toEqual(plain.choices[0]?.message);
    expect(final.usage).toEqual(plain.usage);
    expect(final.choices[0]?.finish_reason).toBe('stop');
  });

  test('models.list() returns what the server serves', async () => {
    expect((await c.models.list()).map((m) => m.id)).toEqual([...KNOWN_MODELS]);
  });

  test('an unknown model is a NotFoundError with the server message', async () => {
    const error = await c.chat.completions.create({ ...msg('x'), model: 'gpt-5' }).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('model_not_found');
    expect(error.requestId).toMatch(/^req_mock_/);
  });

  test('503 twice then success is retried to success', async () => {
    const result = await c.chat.completions.create(
      msg('retry'),
      fault('status=503; times=2; retry-after-ms=5; id=core-503'),
    );
    expect(result.choices[0]?.finish_reason).toBe('stop');
    expect(mock.requests.slice(-3).map((r) => r.status)).toEqual([503, 503, 200]);
  });

  test('429 with Retry-After: 1 waits about a second', async () => {
    const started = Date.now();
    await c.chat.completions.create(
      msg('wait'),
      fault('status=429; times=1; retry-after=1; id=core-429'),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  test('429 past the retries is a RateLimitError', async () => {
    const error = await c.chat.completions
      .create(msg('x'), { ...fault('status=429; retry-after-ms=1'), maxRetries: 1 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.headers.get('retry-after-ms')).toBe('1');
  });

  test('a connection reset before headers is retried, then reported', async () => {
    const error = await c.chat.completions
      .create(msg('x'), { ...fault('drop-before-headers'), maxRetries: 1 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(mock.requests.slice(-2).every((r) => r.closedEarly)).toBe(true);
  });

  test('a reset after K chunks keeps the K chunks and is not retried', async () => {
    const before = mock.requests.length;
    const stream = await c.chat.completions.create(
      { ...msg('cut me off'), stream: true },
      fault('drop-after-chunks=4'),
    );
    const seen: ChatCompletionChunk[] = [];
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(seen).toHaveLength(4);
    const text = seen.map((s) => s.choices[0]?.delta.content ?? '').join('');
    expect(error.partial.choices[0].message.content).toBe(text);
    expect(mock.requests.length - before).toBe(1);
  });

  test('a stall before headers longer than the timeout is an APITimeoutError; the server sees the close', async () => {
    const error = await c.chat.completions
      .create(msg('stall'), { ...fault('delay-headers=2000'), timeout: 100, maxRetries: 0 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    await expect.poll(() => lastRequest().closedEarly).toBe(true);
  });

  test('a stall between chunks is an APITimeoutError with the partial; the server sees the close', async () => {
    const stream = await c.chat.completions.create(
      { ...msg('slow'), stream: true },
      { ...fault('delay-chunks=1000'), timeout: 150 },
    );
    const error = await stream.finalCompletion().catch((e) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error.partial.choices[0].message.role).toBe('assistant');
    await expect.poll(() => lastRequest().closedEarly).toBe(true);
  });

  test('a server silent after the first token: the deadline ends it, with the token kept, not retried', async () => {
    const stream = await c.chat.completions.create(
      { ...msg('hang'), stream: true },
      { ...fault('stall-after-chunks=2'), deadline: 300 },
    );
    const error = await stream.finalCompletion().catch((e) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error.limit).toBe('deadline');
    expect(error.partial.choices[0].message.content.length).toBeGreaterThan(0);
    await expect.poll(() => lastRequest().closedEarly).toBe(true);
  });

  test('stream.abort() closes the connection on the server side', async () => {
    const stream = await c.chat.completions.create(
      { ...msg('abort me'), stream: true },
      { headers: { 'x-mock-fault': 'delay-chunks=50' } },
    );
    let n = 0;
    for await (const _ of stream) if (++n === 2) stream.abort(); // ends quietly
    expect(n).toBe(2);
    await expect(stream.finalCompletion()).rejects.toThrow(APIUserAbortError);
    await expect.poll(() => lastRequest().closedEarly).toBe(true);
  });

  test('an HTML 502 page is an InternalServerError after the retries', async () => {
    const error = await c.chat.completions
      .create(msg('x'), { ...fault('html-502'), maxRetries: 0 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.message).toContain('502 Bad Gateway');
  });

  test('broken JSON with status 200 is an InvalidResponseError', async () => {
    await expect(c.chat.completions.create(msg('x'), fault('malformed-json'))).rejects.toThrow(
      InvalidResponseError,
    );
  });

  test('a stream that ends after its finish chunk without [DONE] is complete', async () => {
    const stream = await c.chat.completions.create(
      { ...msg('no done'), stream: true },
      fault('no-done'),
    );
    const final = await stream.finalCompletion();
    expect(final.choices[0]?.message.content).toBe(
      await replyText('hermes4:70b', msg('no done').messages),
    );
  });

  test('a stream that ends before its finish chunk is an InvalidResponseError with the partial', async () => {
    const stream = await c.chat.completions.create(
      { ...msg('no finish'), stream: true },
      fault('no-finish'),
    );
    const error = await stream.finalCompletion().catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.partial.choices[0].message.content).toBe(
      await replyText('hermes4:70b', msg('no finish').messages),
    );
  });

  test('SSE comments, keep-alives and CRLF parse like a clean stream', async () => {
    const noisy = await c.chat.completions.create(
      { ...msg('noise'), stream: true },
      fault('sse-noise; crlf'),
    );
    const text: string[] = [];
    for await (const t of noisy.text()) text.push(t);
    expect(text.join('')).toBe(await replyText('hermes4:70b', msg('noise').messages));
  });

  test('the API key is in no error message', async () => {
    const errors = await Promise.all([
      c.chat.completions
        .create(msg('x'), { ...fault('status=500'), maxRetries: 0 })
        .catch((e) => e),
      c.chat.completions
        .create(msg('x'), { ...fault('drop-before-headers'), maxRetries: 0 })
        .catch((e) => e),
      c.chat.completions.create({ ...msg('x'), model: 'nope' }).catch((e) => e),
    ]);
    for (const e of errors)
      expect(`${e.message} ${JSON.stringify(e)}`).not.toContain('sk-e2e-test-key');
  });
});
