// Many machines through Redis: a real redis-server and the mock, both started by this file and
// stopped by it; workers in processes of their own, as on other machines.
import { Comput3 } from '@comput3/core';
import { startMockServer, type MockServer } from '@comput3/mock';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import {
  batchResults,
  batchStatus,
  cancelBatch,
  createWorker,
  enqueueBatch,
  RedisLimiterStore,
} from '../src/redis/index.js';
import { parseTemplate } from '../src/index.js';
import { killAll, startChild } from './child.js';
import { askedTickets, inputOf, scratch } from './helpers.js';
import { startRedis } from '../../../scripts/lib/redis-server.mjs';

let redis: Awaited<ReturnType<typeof startRedis>>;
let mock: MockServer | undefined;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());
afterEach(async () => {
  await killAll();
  await mock?.close();
  mock = undefined;
  const client = new Redis(redis.url);
  await client.flushall();
  await client.quit();
});
const template = parseTemplate('Classify {{text}}.');

/** Waits for the batch to be done, by Redis's count (each check after a line is answered). */
async function finished(
  id: string,
  workers: { lines: string[]; waitFor: (t: (l: string) => boolean) => Promise<string> }[],
) {
  for (;;) {
    // Counted before Redis is read: a line answered while the read is under way is then a
    // line after this count, and wakes the loop (counted after, the last line could be missed).
    const seen = workers.map((w) => w.lines.length);
    const status = await batchStatus(redis.url, id);
    if (status.status === 'done') return status;
    // The next line any worker answers.
    await Promise.race(
      workers.map((w, i) =>
        w.waitFor(() => w.lines.length > seen[i]!).catch(() => new Promise(() => {})),
      ),
    );
  }
}

test('three workers, one killed mid-run: every line answered exactly once in the results', async () => {
  mock = await startMockServer({ recordBodies: true });
  const input = inputOf(scratch(), 60);
  const { id, total } = await enqueueBatch({ redis: redis.url, input, template, model: 'kimi-k2' });
  expect(total).toBe(60);
  const workers = [0, 1, 2].map(() =>
    startChild('worker.mjs', [redis.url, mock!.url, '-', '1500']),
  );
  await Promise.all(workers.map((w) => w.waitFor((l) => l === 'ready')));
  // The first worker to answer five lines dies (kill -9), holding the lines it had taken. (Not
  // a chosen one: on a busy machine the other two may answer every line before it starts.)
  const answeredFive = (w: (typeof workers)[number]) =>
    w.waitFor(() => w.lines.filter((l) => l.startsWith('line')).length >= 5).then(() => w);
  const killed = await Promise.race(workers.map(answeredFive));
  await killed.kill();
  const status = await finished(
    id,
    workers.filter((w) => w !== killed),
  );
  expect(status).toMatchObject({ total: 60, done: 60, failed: 0, status: 'done' });
  const results = [];
  for await (const result of batchResults(redis.url, id)) results.push(result);
  expect(results.map((r) => r.line)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  expect(results.every((r) => r.ok)).toBe(true);
  // Every line was asked at least once; a line asked twice was one the dead worker held.
  expect(new Set(askedTickets(mock.requests)).size).toBe(60);
});

test('the limit is shared through Redis: three worker processes together stay under it', async () => {
  // The mock allows 10 a second, 3 at once; the workers share 6 a second (each alone would
  // send 6, 18 together: unshared, dozens of 429s and 18 in a second).
  mock = await startMockServer({ rateLimit: { requestsPerSecond: 10, burst: 3 } });
  const input = inputOf(scratch(), 45);
  const { id } = await enqueueBatch({ redis: redis.url, input, template, model: 'kimi-k2' });
  const workers = [0, 1, 2].map(() =>
    startChild('worker.mjs', [redis.url, mock!.url, '360', '30000']),
  );
  await finished(id, workers);
  const starts = mock.requests
    .filter((r) => r.path.endsWith('/chat/completions'))
    .map((r) => r.startedAt);
  // None, or one or two when a busy machine stalls a process and its late requests arrive
  // bunched (the mock counts arrivals): a line that met a 429 is sent again, once.
  expect(mock.requests.filter((r) => r.status === 429).length).toBeLessThanOrEqual(2);
  // In any second, at most the limit plus the burst.
  starts.sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < starts.length; i++) {
    while (starts[i]! - starts[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  expect(most).toBeLessThanOrEqual(10 + 3);
  expect(starts.length - mock.requests.filter((r) => r.status === 429).length).toBe(45);
});

test('a 429 pauses every client of the store at once', async () => {
  const a = new Redis(redis.url);
  const b = new Redis(redis.url);
  try {
    const one = new RedisLimiterStore(a);
    const two = new RedisLimiterStore(b);
    const first = await one.reserve('k', 100);
    const second = await two.reserve('k', 100);
    expect(second - first).toBeGreaterThanOrEqual(95); // the other client's start is spaced after
    await one.pause('k', Date.now() + 2000);
    const after = await two.reserve('k', 0);
    expect(after - Date.now()).toBeGreaterThan(1500);
  } finally {
    a.disconnect();
    b.disconnect();
  }
});

test('createWorker in this process, and cancel: waiting lines leave the queue, nothing more is sent', async () => {
  mock = await startMockServer({ recordBodies: true });
  const input = inputOf(scratch(), 30);
  const { id } = await enqueueBatch({ redis: redis.url, input, template, model: 'kimi-k2' });
  const cancelled = await cancelBatch(redis.url, id);
  expect(cancelled).toMatchObject({ status: 'cancelled', done: 0, total: 30 });
  const client = new Comput3({ apiKey: 'k', baseURL: mock.url });
  const worker = await createWorker({ redis: redis.url, client });
  try {
    const { id: next } = await enqueueBatch({
      redis: redis.url,
      input: inputOf(scratch(), 5),
      template,
      model: 'kimi-k2',
    });
    const lines: number[] = [];
    await new Promise<void>((resolve) => {
      worker.worker.on('completed', () => {
        lines.push(1);
        if (lines.length === 5) resolve();
      });
    });
    expect((await batchStatus(redis.url, next)).status).toBe('done');
    expect(mock.requests).toHaveLength(5); // none of the cancelled batch's
  } finally {
    await worker.close();
  }
  await expect(batchStatus(redis.url, 'bnosuchbatch')).rejects.toThrow(
    'No batch bnosuchbatch on this Redis',
  );
  await expect(batchStatus(redis.url, '../x')).rejects.toThrow('"../x" is not a batch id');
});
