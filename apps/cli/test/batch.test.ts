// comput3 batch and comput3 worker, as a person and a script use them: offline (the mock in the
// CLI's own process), piped and in a pseudo-terminal, and through a real redis-server that the
// test starts and stops.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRedis, type RedisServer } from '../../../scripts/lib/redis-server.mjs';
import { home, run, start, startPty } from './run.js';
import { screenOf } from './screen.js';

const instant = () => home({ COMPUT3_OFFLINE_PACE: 'instant' });
const TEMPLATE = ['--template', 'Bug or question? {{text}}', '-m', 'kimi-k2'];
// kimi-k2 first, deepseek-v3.1 when it fails before answering.
const FALLBACK = ['--template', '{{text}}', '-m', 'kimi-k2', '-m', 'deepseek-v3.1', '--fallback'];

function input(dir: string, n: number, extra: string[] = []): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'in.jsonl');
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({ id: `t${i + 1}`, text: `ticket ${i + 1}` }),
  );
  writeFileSync(file, `${[...lines, ...extra].join('\n')}\n`);
  return file;
}
/** Resolves once a started command has written `text` to stderr. */
const said = (w: ReturnType<typeof start>, text: string) =>
  new Promise<void>((resolve) => {
    const check = () => w.stderr().includes(text) && resolve();
    check();
    w.child.stderr.on('data', check);
  });
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { line: number; id: string; ok: boolean });

describe('comput3 batch, offline', () => {
  test('piped: every line answered into -o, one summary on stderr; --json is the summary', async () => {
    const h = instant();
    const file = input(h.data, 15);
    const out = join(h.data, 'out.jsonl');
    const r = await run(['batch', file, '-o', out, ...TEMPLATE, '--offline'], h.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^comput3 batch: 15 of 15 lines in \d+s \([\d.]+\/s\) → .*out\.jsonl\n/,
    );
    expect(r.stderr).toContain('  15 answered · 0 failed\n');
    expect(r.stderr).not.toContain('\r'); // no progress redraws into a pipe
    expect(
      lines(out)
        .map((l) => l.id)
        .sort(),
    ).toEqual(Array.from({ length: 15 }, (_, i) => `t${i + 1}`).sort());
    const again = await run(
      [
        'batch',
        file,
        '-o',
        join(h.data, 'two.jsonl'),
        ...TEMPLATE,
        '--offline',
        '--json',
        '--ordered',
      ],
      h.env,
    );
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      total: 15,
      done: 15,
      failed: 0,
      stopped: false,
    });
    expect(lines(join(h.data, 'two.jsonl')).map((l) => l.line)).toEqual(
      Array.from({ length: 15 }, (_, i) => i + 1),
    );
  });

  test('-m a -m b --fallback: each line answered by the first model that answers', async () => {
    const h = home({ COMPUT3_OFFLINE_PACE: 'instant', COMPUT3_OFFLINE_OVERLOADED: 'kimi-k2' });
    const file = input(h.data, 4);
    const out = join(h.data, 'out.jsonl');
    const r = await run(['batch', file, '-o', out, ...FALLBACK, '--offline'], h.env);
    expect(r.code, r.stderr).toBe(0);
    const models = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).model);
    expect(models).toEqual(['deepseek-v3.1', 'deepseek-v3.1', 'deepseek-v3.1', 'deepseek-v3.1']);
  });

  test('bad lines: named by number, exit 2, nothing sent and no file; skip writes them and exits 1', async () => {
    const h = instant();
    const file = input(h.data, 3, ['{"id": "t4"}', 'not json']);
    const out = join(h.data, 'out.jsonl');
    const r = await run(['batch', file, '-o', out, ...TEMPLATE, '--offline'], h.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `comput3: ${file}: 2 lines, the first 4 has no field "text", which the template names. Fix them, or pass --on-bad-line skip to write them as failures and go on (nothing was sent).\n  line 5 is not JSON: each line must be one JSON object\n`,
    );
    expect(existsSync(out)).toBe(false);
    const skipped = await run(
      ['batch', file, '-o', out, ...TEMPLATE, '--offline', '--on-bad-line', 'skip'],
      h.env,
    );
    expect(skipped.code).toBe(1);
    expect(skipped.stderr).toContain('3 answered · 2 failed (2 bad_line)');
    expect(skipped.stderr).toContain(`--retry-failed sends them again`);
    const refused = await run(['batch', file, '-o', out, ...TEMPLATE, '--offline'], h.env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('exists: pass --resume to finish the run that wrote it');
    for (const [args, said] of [
      [['batch', file, '--offline'], 'comput3 batch needs -o OUT'],
      [
        ['batch', file, '-o', out, '--resume', '--retry-failed'],
        '--resume and --retry-failed are two runs',
      ],
      [
        ['batch', file, '-o', out, '--on-bad-line', 'maybe'],
        '--on-bad-line must be stop or skip, got "maybe".',
      ],
      [
        ['batch', file, '-o', out, '--concurrency', '0'],
        '--concurrency must be a whole number of 1 or more, got "0".',
      ],
      [
        ['batch', file, '-o', out, '--template', 'no fields'],
        '--template: The template names no field',
      ],
      [['--template', 'x', 'hello'], '--template is an option of comput3 batch, not of a prompt'],
    ] as const) {
      const bad = await run([...args], h.env);
      expect(bad.code, bad.stderr).toBe(2);
      expect(bad.stderr).toContain(said);
    }
  });

  test('in a terminal: a progress line redrawn in place; Ctrl-C stops it, --resume finishes it', async () => {
    const h = home(); // paced like a real model: the run takes seconds
    const file = input(h.data, 60);
    const out = join(h.data, 'out.jsonl');
    const term = startPty(
      ['batch', file, '-o', out, ...TEMPLATE, '--offline', '--concurrency', '2'],
      h.env,
    );
    await term.waitFor(/[1-9]\d*\/60 {2}\d+% {2}▕/);
    term.type('\x03');
    expect(await term.done).toBe(130);
    const screen = await screenOf(term.raw());
    const progress = screen.filter((l) => /^\d+\/60 {2}/.test(l));
    expect(progress).toHaveLength(1); // redrawn in place, not a line per update
    expect(screen.join('')).toMatch(/stopped: the rest is sent by comput3 batch .*--resume/);
    const before = lines(out).length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(60);
    const rest = await run(['batch', file, '-o', out, ...TEMPLATE, '--offline', '--resume'], {
      ...h.env,
      COMPUT3_OFFLINE_PACE: 'instant',
    });
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stderr).toContain(`${before} from before`);
    expect(
      lines(out)
        .map((l) => l.line)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });
});

describe('comput3 batch --redis and comput3 worker', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.stop());

  test('-m a -m b --fallback is kept with the batch: every worker moves to b when a fails', async () => {
    const h = instant();
    const file = input(h.data, 5);
    const queued = await run(['batch', file, '--redis', redis.url, ...FALLBACK], h.env);
    expect(queued.code, queued.stderr).toBe(0);
    const id = queued.stdout.trim();
    // The worker's offline mock has kimi-k2 overloaded.
    const worker = start(['worker', '--redis', redis.url, '--offline'], {
      ...h.env,
      COMPUT3_OFFLINE_OVERLOADED: 'kimi-k2',
    });
    await expect
      .poll(
        async () =>
          JSON.parse(
            (await run(['batch', 'status', id, '--redis', redis.url, '--json'], h.env)).stdout,
          ).status,
        { timeout: 60_000, interval: 200 },
      )
      .toBe('done');
    const results = await run(['batch', 'results', id, '--redis', redis.url], h.env);
    const models = results.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { model: string; ok: boolean }).model);
    expect(models).toEqual(Array(5).fill('deepseek-v3.1'));
    await said(worker, 'worker: taking lines from');
    worker.child.kill('SIGINT');
    expect((await worker.done).code).toBe(0);
  });

  test('queued, answered by two workers, followed, collected; Ctrl-C stops a worker cleanly', async () => {
    const h = instant();
    const file = input(h.data, 40);
    const queued = await run(['batch', file, '--redis', redis.url, ...TEMPLATE], h.env);
    expect(queued.code, queued.stderr).toBe(0);
    const id = queued.stdout.trim();
    expect(id).toMatch(/^b[a-z0-9]+$/);
    expect(queued.stderr).toContain(`queued 40 lines as ${id}. Answer them with comput3 worker`);
    const workers = [0, 1].map(() =>
      start(['worker', '--redis', redis.url, '--offline', '--rpm', '6000'], h.env),
    );
    // Followed until done, as a person would: comput3 batch status, again and again.
    await expect
      .poll(
        async () => {
          const status = await run(['batch', 'status', id, '--redis', redis.url, '--json'], h.env);
          expect(status.code, status.stderr).toBe(0);
          return JSON.parse(status.stdout).status;
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBe('done');
    const results = await run(['batch', 'results', id, '--redis', redis.url], h.env);
    const got = results.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; ok: boolean });
    expect(got.map((r) => r.line)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(got.every((r) => r.ok)).toBe(true);
    // Ctrl-C once each has started (on a busy machine one may still be starting when the other
    // has answered every line).
    await Promise.all(workers.map((w) => said(w, 'worker: taking lines from')));
    for (const w of workers) w.child.kill('SIGINT');
    const ended = await Promise.all(workers.map((w) => w.done));
    for (const e of ended) {
      expect(e.code, e.stderr).toBe(0);
      expect(e.stderr).toContain('worker: finishing the lines under way');
    }
    const human = await run(['batch', 'status', id, '--redis', redis.url], h.env);
    expect(human.stdout).toMatch(new RegExp(`^${id} {2}done {2}40/40 \\(100%\\) {2}0 failed`));
    const none = await run(['batch', 'status', 'bnosuchbatch1', '--redis', redis.url], h.env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No batch bnosuchbatch1 on this Redis');
    const down = await run(['batch', 'status', id, '--redis', 'redis://127.0.0.1:1'], h.env);
    expect(down.code).toBe(5);
    expect(down.stderr).toBe(
      'comput3: cannot reach Redis at redis://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1. Is redis-server running there?\n',
    );
  });
});
