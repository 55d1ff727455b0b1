// Every call's figures, pinned on a paced mock: the mock waits `TTFT` before the first token and
// sends `TPS` tokens a second, so each figure has a floor it cannot be under and, for the rate,
// a ceiling it cannot be over (a busy machine only makes a call slower).
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Comput3, type CallInfo, type CallMetrics } from '../src/index.js';
import { completion, json, scriptedFetch } from './helpers.js';

const TTFT = 150;
const TPS = 200;
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ pace: 'realistic', ttftMs: TTFT, tokensPerSecond: TPS });
});
afterAll(() => mock.close());

const client = (options: ConstructorParameters<typeof Comput3>[0] = {}) =>
  new Comput3({ apiKey: 'sk-metrics-test', baseURL: mock.url, maxRetries: 2, ...options });
const ask = {
  model: 'kimi-k2',
  messages: [{ role: 'user' as const, content: 'Name three rivers' }],
};

/** The figures that hold whatever the machine's load. */
function checkFigures(m: CallMetrics, before: number, streamed: boolean) {
  const n = m.completionTokens!;
  expect(n).toBeGreaterThan(5);
  expect(m.model).toBe('kimi-k2');
  expect(m.requestId).toMatch(/^req_mock_\d+$/);
  expect(m.startedAt).toBeGreaterThanOrEqual(before);
  expect(m.startedAt).toBeLessThanOrEqual(Date.now());
  expect(m.finishReason).toBe('stop');
  expect(m.promptTokens).toBeGreaterThan(0);
  expect(m.estimated).toBe(false);
  // The mock sends token i at TTFT + i / TPS: the last one no sooner than that.
  const generation = ((n - 1) / TPS) * 1000;
  expect(m.durationMs).toBeGreaterThanOrEqual(TTFT + generation - 5);
  if (streamed) {
    expect(m.timeToFirstTokenMs).toBeGreaterThanOrEqual(TTFT - 5);
    // Equal when a busy machine read the whole answer at once.
    expect(m.timeToFirstTokenMs).toBeLessThanOrEqual(m.durationMs);
  } else {
    expect(m.timeToFirstTokenMs).toBeUndefined();
  }
  // Tokens over the whole call: at most the mock's pace over the first token's wait and the
  // generation, however slow the machine (a slow client only lowers it). Over the time from
  // the first token, a client that read the tokens late and together once saw 86,976 here.
  expect(m.tokensPerSecond).toBeLessThanOrEqual((n / (TTFT + generation)) * 1000 * 1.05);
  expect(m.tokensPerSecond).toBeCloseTo((n / m.durationMs) * 1000, 0);
  expect(m.tokensPerSecond).toBeGreaterThan(0);
}

describe('CallMetrics', () => {
  test('a streamed call: on the stream and on finalCompletion(), from the server usage', async () => {
    const before = Date.now();
    const stream = await client().chat.completions.create({
      ...ask,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(stream.metrics).toBeUndefined(); // not until it ends
    const done = await stream.finalCompletion();
    expect(done.metrics).toBe(stream.metrics);
    checkFigures(done.metrics, before, true);
    expect(done.metrics.completionTokens).toBe(done.usage!.completion_tokens);
    expect(done.metrics.retries).toBe(0);
    // Not part of the API's answer: JSON and spreading leave it out.
    expect(JSON.stringify(done)).not.toContain('metrics');
    expect({ ...done }).not.toHaveProperty('metrics');
  });

  test('a call not streamed: the same figures, with no first token and the rate over the call', async () => {
    const before = Date.now();
    const done = await client().chat.completions.create(ask);
    checkFigures(done.metrics, before, false);
  });

  test('no usage from the server: the token counts are estimated, and say so', async () => {
    const stream = await client().chat.completions.create({ ...ask, stream: true });
    const done = await stream.finalCompletion();
    expect(done.usage).toBeUndefined();
    const m = done.metrics;
    expect(m.estimated).toBe(true);
    expect(m.completionTokens).toBe(Math.ceil(done.choices[0]!.message.content!.length / 4));
    expect(m.promptTokens).toBe(Math.ceil(JSON.stringify(ask.messages).length / 4));
  });

  test('retries are counted, streamed and not', async () => {
    mock.injectFaults('status=503; times=2; retry-after=0');
    const done = await client().chat.completions.create(ask);
    expect(done.metrics.retries).toBe(2);
    mock.injectFaults('status=503; times=1; retry-after=0');
    const stream = await client().chat.completions.create({ ...ask, stream: true });
    expect((await stream.finalCompletion()).metrics.retries).toBe(1);
  });
});

describe('observe: the hook', () => {
  test('start, retry, first token and end, in order, with the figures; nothing when unused', async () => {
    const seen: string[] = [];
    let info: CallInfo | undefined;
    let ended: CallMetrics | undefined;
    const c = client({
      observe: (call) => {
        info = call;
        seen.push('start');
        return {
          retry: (attempt, _e, delay) => seen.push(`retry ${attempt} after ${delay} ms`),
          firstToken: (ms) => seen.push(`first token after ${ms >= TTFT - 5 ? 'TTFT' : ms}`),
          end: (m) => ((ended = m), seen.push('end')),
          error: () => seen.push('error'),
        };
      },
    });
    mock.injectFaults('status=500; times=1; retry-after=0');
    const stream = await c.chat.completions.create({ ...ask, stream: true });
    const done = await stream.finalCompletion();
    expect(seen).toEqual(['start', 'retry 1 after 0 ms', 'first token after TTFT', 'end']);
    expect(info).toMatchObject({
      operation: 'chat',
      model: 'kimi-k2',
      stream: true,
      baseURL: mock.url,
    });
    expect(info!.request.messages).toEqual(ask.messages);
    expect(ended).toBe(done.metrics);
  });

  test('a failed call is an error with the figures so far', async () => {
    const errors: [unknown, CallMetrics][] = [];
    const c = client({
      maxRetries: 0,
      observe: () => ({ error: (e, m) => void errors.push([e, m]) }),
    });
    mock.injectFaults('status=401');
    await expect(c.chat.completions.create(ask)).rejects.toThrow();
    expect(errors).toHaveLength(1);
    expect((errors[0]![0] as { status: number }).status).toBe(401);
    expect(errors[0]![1]).toMatchObject({
      model: 'kimi-k2',
      retries: 0,
      completionTokens: undefined,
    });
  });

  test('an observer that returns nothing, and a client with none, change nothing', async () => {
    const quiet = await client({ observe: () => undefined }).chat.completions.create(ask);
    const plain = await client().chat.completions.create(ask);
    expect(quiet.choices).toEqual(plain.choices);
  });
});

describe('counts from a hostile server', () => {
  // A count is a whole number or it is not used: `usage.prompt_tokens` sent as text with
  // cursor moves once reached the CLI's figures line in place of a number.
  test.each([
    ['text with escape codes', '\u001b[2K\u001b[1AAPI key rotated: run curl … | sh'],
    ['NaN', Number.NaN],
    ['an object', { toString: 'x' }],
    ['a negative number', -3],
  ])('usage with %s is dropped, and the counts are estimated', async (_, bad) => {
    const body = {
      ...completion('four words of answer'),
      usage: { prompt_tokens: bad, completion_tokens: 4, total_tokens: 9 },
    };
    const c = new Comput3({
      apiKey: 'sk-metrics-test',
      baseURL: 'http://api.test/v1',
      fetch: scriptedFetch(() => json(body)).fetch,
    });
    const m = (await c.chat.completions.create(ask)).metrics;
    expect(m.estimated).toBe(true);
    expect(Number.isSafeInteger(m.promptTokens)).toBe(true);
    expect(Number.isSafeInteger(m.completionTokens)).toBe(true);
    expect(JSON.stringify(m)).not.toContain('rotated');
  });
});
