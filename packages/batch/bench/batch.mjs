// pnpm bench for @comput3/batch: figures, never timed assertions.
//   1. 10,000 lines through the mock at its rate limit, on one machine: the time against the
//      limit's ideal (lines ÷ rate), CPU per line, and RSS as the run goes (flat, or a leak).
//   2. The same kind of work on 1, 2 and 4 worker processes through a redis-server started
//      here: lines a second, rising with workers until the shared limit caps them.
// Usage: pnpm --filter @comput3/batch bench  (needs redis-server for part 2; skipped without it)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Comput3, Limiter, MemoryStore } from '@comput3/core';
import { spawnMockServer } from '@comput3/mock';
import { parseTemplate, runBatch } from '@comput3/batch';
import { enqueueBatch, batchStatus } from '@comput3/batch/redis';
import { startRedis } from '../../../scripts/lib/redis-server.mjs';

const dir = mkdtempSync(join(tmpdir(), 'batch-bench-'));
function input(n) {
  const file = join(dir, `in-${n}-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(
    file,
    Array.from({ length: n }, (_, i) =>
      JSON.stringify({ id: `t${i + 1}`, text: `ticket ${i + 1}` }),
    ).join('\n') + '\n',
  );
  return file;
}
const template = parseTemplate('Bug or question? {{text}}');
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(0);

// --- 1. one machine, at the limit ---------------------------------------------------------------
// Side by side: core's MemoryStore, which makes up a start that came late, and a store that
// does not (what core did before: every late timer lost its lateness for good).
const strictStore = () => {
  const keys = new Map();
  return {
    reserve(key, spacingMs) {
      const state = keys.get(key) ?? { last: 0, paused: 0 };
      keys.set(key, state);
      state.last = Math.max(Date.now(), state.last + spacingMs, state.paused);
      return Promise.resolve(state.last);
    },
    pause(key, until) {
      const state = keys.get(key) ?? { last: 0, paused: 0 };
      keys.set(key, state);
      state.paused = Math.max(state.paused, until);
      return Promise.resolve();
    },
  };
};
for (const [label, store] of [
  ['MemoryStore (late starts made up)', new MemoryStore()],
  ['a store that loses late starts (before)', strictStore()],
]) {
  const RATE = 250; // requests a second the mock allows
  const LINES = 10_000;
  const mock = await spawnMockServer({ rateLimit: { requestsPerSecond: RATE, burst: 10 } });
  try {
    const client = new Comput3({ apiKey: 'k-bench', baseURL: mock.url, maxRetries: 2 });
    const rss = [];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = await runBatch({
      client,
      input: input(LINES),
      output: join(dir, `out-${Math.random().toString(36).slice(2)}.jsonl`),
      template,
      model: 'kimi-k2',
      concurrency: 32,
      limiter: new Limiter({ requestsPerMinute: RATE * 60, store }),
      onProgress: (p) => {
        if (p.done % (LINES / 10) === 0) rss.push(process.memoryUsage().rss);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const ideal = LINES / RATE;
    console.log(
      `one machine, ${label}: ${LINES.toLocaleString('en-US')} lines at the mock's limit of ${RATE}/s`,
    );
    console.log(
      `  time ${seconds.toFixed(1)} s against an ideal of ${ideal.toFixed(1)} s: ${(seconds / ideal).toFixed(3)}× (target ≤ 1.10×)`,
    );
    console.log(
      `  CPU ${((cpu.user + cpu.system) / LINES).toFixed(0)} µs a line (client, limiter, output)`,
    );
    console.log(
      `  RSS at each tenth: ${rss.map(mb).join(', ')} MB (flat: no growth with lines done)`,
    );
    console.log(`  ${summary.failed} failed, ${summary.retried} sent again`);
  } finally {
    await mock.close();
  }
}

// --- 2. workers on Redis ------------------------------------------------------------------------
if (spawnSync('redis-server', ['--version']).status !== 0) {
  console.log('workers on Redis: skipped (no redis-server: apt-get install redis-server)');
} else {
  const LIMIT = 300; // the key's limit, shared by every worker
  const LINES = 2_000;
  const redis = await startRedis();
  // Each request takes 40 ms at the mock: one worker of 4 at a time makes 100 a second at most.
  const mock = await spawnMockServer({
    rateLimit: { requestsPerSecond: LIMIT, burst: 10 },
    faults: [],
  });
  try {
    console.log(
      `workers on Redis: ${LINES.toLocaleString('en-US')} lines, 40 ms each, 4 at a time per worker, a shared limit of ${LIMIT}/s`,
    );
    for (const n of [1, 2, 4]) {
      const { id } = await enqueueBatch({
        redis: redis.url,
        input: input(LINES),
        template,
        model: 'kimi-k2',
      });
      const t0 = performance.now();
      const workers = Array.from({ length: n }, () =>
        spawn(
          process.execPath,
          [
            new URL('worker.mjs', import.meta.url).pathname,
            redis.url,
            mock.url,
            String(LIMIT * 60),
          ],
          {
            stdio: ['pipe', 'ignore', 'inherit'],
          },
        ),
      );
      // Done when Redis says so: looked at after each 100 ms, as a person would look.
      for (;;) {
        const status = await batchStatus(redis.url, id);
        if (status.status === 'done') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const seconds = (performance.now() - t0) / 1000;
      await Promise.all(
        workers.map((w) => new Promise((resolve) => (w.once('exit', resolve), w.stdin.end()))),
      );
      console.log(
        `  ${n} worker${n > 1 ? 's' : ''}: ${(LINES / seconds).toFixed(0)} lines/s (ideal ${Math.min(n * 100, LIMIT)}/s)`,
      );
    }
  } finally {
    await mock.close();
    await redis.stop();
  }
}
