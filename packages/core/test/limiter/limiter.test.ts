// The shared rate limit against the mock's own (a bucket of requests per second, 429 with
// Retry-After beyond it): many calls queue instead of failing. Counts, never timings, are
// asserted; how fast it goes is measured by `pnpm bench`.
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterEach, describe, expect, test } from 'vitest';
import { APIUserAbortError, Comput3, Limiter, type LimiterStore } from '../../src/index.js';

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const ask = (client: Comput3, content: string, options = {}) =>
  client.chat.completions.create(
    { model: 'hermes4:70b', messages: [{ role: 'user', content }], max_tokens: 5 },
    options,
  );
const chats = (m: MockServer) => m.requests.filter((r) => r.path === '/v1/chat/completions');

describe('Limiter: one rate limit shared by every call on a key', () => {
  test('500 calls at once against 100 a second: none fails, few 429s, paced by the headers', async () => {
    mock = await startMockServer({ rateLimit: { requestsPerSecond: 100 } });
    const limiter = new Limiter();
    const client = new Comput3({ apiKey: 'k', baseURL: mock.url, limiter });
    const answers = await Promise.allSettled(
      Array.from({ length: 500 }, (_, i) => ask(client, `call ${i}`)),
    );
    expect(answers.filter((a) => a.status === 'rejected')).toEqual([]);
    const seen = chats(mock);
    const limited = seen.filter((r) => r.status === 429).length;
    // Without the limiter, 400 of the 500 first attempts alone are 429s (bench/limiter.mjs: 937
    // in all). With it, 15 to 30 on an idle machine; a busy one (load 9) met 120, its stalls
    // bunching the starts. Fewer than half the first attempts' 400, whatever the load.
    expect(limited).toBeLessThan(200);
    expect(seen.length).toBe(500 + limited);
    expect(limiter.stats).toMatchObject({ queued: 0, inFlight: 0, rateLimited: limited });
    expect(limiter.stats.waited.calls).toBeGreaterThan(300);
  });

  test('learns from 429s alone when a server sends no rate-limit headers', async () => {
    // A bucket of 5, refilled at 5 a second, against 30 calls started together: to meet no 429
    // a client would have to send one every 200 ms, far slower than a busy machine does. (With
    // 50 a second and 150 calls, a loaded machine sent them slowly enough to meet none, and the
    // limiter had nothing to learn from.)
    mock = await startMockServer({
      rateLimit: { requestsPerSecond: 5, burst: 5, headers: false },
    });
    const limiter = new Limiter();
    const client = new Comput3({ apiKey: 'k', baseURL: mock.url, limiter, maxRetries: 8 });
    const answers = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => ask(client, `call ${i}`)),
    );
    expect(answers.filter((a) => a.status === 'rejected')).toEqual([]);
    const limited = chats(mock).filter((r) => r.status === 429).length;
    expect(limited).toBeGreaterThan(0);
    // Alone, the calls meet 25 on their first attempts, and more on their retries.
    expect(limited).toBeLessThan(30);
    expect(limiter.stats.rateLimited).toBe(limited);
    expect(limiter.stats.requestsPerSecond).toBeLessThan(Infinity);
  });

  test('concurrency: no more in flight than allowed, streams counted until they end', async () => {
    mock = await startMockServer({ pace: 'realistic', ttftMs: 30, tokensPerSecond: 400 });
    const client = new Comput3({
      apiKey: 'k',
      baseURL: mock.url,
      limiter: new Limiter({ concurrency: 2 }),
    });
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const stream = await client.chat.completions.create({
          model: 'kimi-k2',
          messages: [{ role: 'user', content: `stream ${i}` }],
          stream: true,
        });
        await stream.finalCompletion();
      }),
    );
    const spans = chats(mock).map((r) => [r.startedAt, r.endedAt!] as const);
    const overlapping = spans.map(
      ([start]) => spans.filter(([s, e]) => s <= start && start < e).length,
    );
    expect(Math.max(...overlapping)).toBeLessThanOrEqual(2);
  });

  test('first come, first served; a call aborted while waiting leaves the queue', async () => {
    mock = await startMockServer({ recordBodies: true });
    const client = new Comput3({
      apiKey: 'k',
      baseURL: mock.url,
      limiter: new Limiter({ concurrency: 1 }),
    });
    const gone = new AbortController();
    const calls = [
      ask(client, 'first'),
      ask(client, 'second', { signal: gone.signal }),
      ask(client, 'third'),
    ];
    gone.abort();
    const [first, second, third] = await Promise.allSettled(calls);
    expect(first!.status).toBe('fulfilled');
    expect(third!.status).toBe('fulfilled');
    expect((second as PromiseRejectedResult).reason).toBeInstanceOf(APIUserAbortError);
    const sent = chats(mock).map(
      (r) => (r.body as { messages: { content: string }[] }).messages[0]!.content,
    );
    expect(sent).toEqual(['first', 'third']);
  });

  test('requestsPerMinute: the k-th start is no sooner than k × 60 000 / N ms', async () => {
    mock = await startMockServer();
    // When each attempt is sent, as the client sends it (the server may read two at once).
    const sentAt: number[] = [];
    const client = new Comput3({
      apiKey: 'k',
      baseURL: mock.url,
      limiter: new Limiter({ requestsPerMinute: 1200 }),
      fetch: (url, init) => {
        sentAt.push(Date.now());
        return fetch(url, init);
      },
    });
    const asked = Date.now();
    await Promise.all(Array.from({ length: 5 }, (_, i) => ask(client, `spaced ${i}`)));
    // A timer fires late, never early: each start is at or after its reserved slot. (Two late
    // ones may come closer than 50 ms; none comes before its slot.)
    sentAt.forEach((at, k) => expect(at - asked).toBeGreaterThanOrEqual(k * 50 - 2));
    expect(sentAt).toHaveLength(5);
  });

  test('a store that fails fails the waiting calls with its error: nothing is sent or retried', async () => {
    mock = await startMockServer();
    const broken: LimiterStore = {
      reserve: () => Promise.reject(new Error('the store is down')),
      pause: async () => {},
    };
    const client = new Comput3({
      apiKey: 'k',
      baseURL: mock.url,
      limiter: new Limiter({ store: broken }),
    });
    await expect(ask(client, 'x')).rejects.toThrow('the store is down');
    expect(chats(mock)).toHaveLength(0);
  });

  test('a setting that is not a positive number is refused, naming it', () => {
    expect(() => new Limiter({ concurrency: 0 })).toThrow(
      'Limiter: concurrency must be a number above 0, got 0.',
    );
  });
});
