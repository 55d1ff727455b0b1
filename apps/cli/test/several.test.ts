// `comput3 -m A -m B "prompt"`: several models at once, piped, as JSON and in a terminal.
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { home, reply, run, startPty } from './run.js';
import { screenOf } from './screen.js';

let mock: MockServer;
beforeAll(async () => {
  // Paced (a short wait before the first token), so parallel requests visibly overlap.
  mock = await startMockServer({
    recordBodies: true,
    pace: 'realistic',
    ttftMs: 300,
    tokensPerSecond: 5000,
  });
});
afterAll(() => mock.close());

const online = (extra: NodeJS.ProcessEnv = {}) =>
  home({ COMPUT3_API_KEY: 'sk-several', COMPUT3_BASE_URL: mock.url, ...extra });
const chats = () => mock.requests.filter((r) => r.path === '/v1/chat/completions');
const MODELS = ['kimi-k2', 'qwen3-max', 'deepseek-v3.1'];

describe('several models at once', () => {
  test('piped: each answer, exactly, under a header, in the order given; sent in parallel', async () => {
    // A model that takes its time to start: the requests must all be out before any answer
    // begins, however busy the machine running the test.
    const slow = await startMockServer({ recordBodies: true, pace: 'realistic', ttftMs: 2000 });
    try {
      const env = home({ COMPUT3_API_KEY: 'sk-several', COMPUT3_BASE_URL: slow.url }).env;
      const r = await run([...MODELS.flatMap((m) => ['-m', m]), 'compare tabs vs spaces'], env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const answers = await Promise.all(MODELS.map((m) => reply(m, 'compare tabs vs spaces')));
      expect(r.stdout).toBe(MODELS.map((m, i) => `==> ${m} <==\n${answers[i]}\n`).join('\n'));
      const sent = slow.requests.filter((q) => q.path === '/v1/chat/completions');
      expect(sent.map((s) => (s.body as { model: string }).model).sort()).toEqual(
        [...MODELS].sort(),
      );
      // Parallel: every request started before any of them ended.
      const lastStart = Math.max(...sent.map((s) => s.startedAt));
      const firstEnd = Math.min(...sent.map((s) => s.endedAt!));
      expect(lastStart).toBeLessThan(firstEnd);
    } finally {
      await slow.close();
    }
  });

  test('--json: every line tagged with its model; a stats line per model', async () => {
    const r = await run(['-m', 'kimi-k2', '-m', 'qwen3-max', '--json', 'hello'], online().env);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const model of ['kimi-k2', 'qwen3-max']) {
      const mine = lines.filter((l) => l.comput3_model === model);
      const text = mine.map((l) => l.choices?.[0]?.delta?.content ?? '').join('');
      expect(text).toBe(await reply(model, 'hello'));
      expect(mine.at(-1)).toMatchObject({ object: 'comput3.stats', model });
    }
    expect(lines.every((l) => typeof l.comput3_model === 'string')).toBe(true);
  });

  test('--stats: a table of figures on stderr, one row per model', async () => {
    const r = await run(['-m', 'kimi-k2', '-m', 'qwen3-max', '--stats', 'hi'], online().env);
    const rows = r.stderr.trim().split('\n');
    expect(rows[0]).toMatch(/^model +first token +tokens\/s +tokens +finish +request id$/);
    expect(rows[1]).toMatch(/^kimi-k2 +\d+ ms +[\d.]+ +\d+ \+ \d+ +stop +req_mock_\d+$/);
    expect(rows[2]).toMatch(/^qwen3-max +\d+ ms/);
  });

  test('an unknown model among several: one line, exit 2, nothing sent', async () => {
    const before = chats().length;
    const r = await run(['-m', 'kimi-k2', '-m', 'gpt-9', 'hi'], online().env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'comput3: -m gpt-9: not a model this API serves (comput3 models --remote lists them). Nothing was sent.\n',
    );
    expect(chats().length).toBe(before);
  });

  test('the worst result is the exit code; the others still answer', async () => {
    // The first fault takes the model list (a server without one is trusted), the second
    // whichever chat request arrives first.
    mock.injectFaults('status=500', 'status=500');
    const r = await run(['--retries', '0', '-m', 'kimi-k2', '-m', 'qwen3-max', 'hi'], online().env);
    expect(r.code).toBe(6);
    const failed = /^comput3: (kimi-k2|qwen3-max): .*500/m.exec(r.stderr)?.[1];
    expect(failed).toBeDefined();
    const other = failed === 'kimi-k2' ? 'qwen3-max' : 'kimi-k2';
    expect(r.stdout).toContain(`==> ${other} <==\n${await reply(other, 'hi')}\n`);
    expect(r.stdout).toContain(`==> ${failed} <==\n`);
  });

  test('in a terminal: labelled blocks, rendered, then the table of figures', async () => {
    const term = startPty(
      ['-m', 'kimi-k2', '-m', 'qwen3-max', 'compare REST vs GraphQL'],
      online().env,
    );
    try {
      expect(await term.done).toBe(0);
    } finally {
      term.kill();
    }
    const screen = (await screenOf(term.raw())).join('\n');
    expect(screen).toMatch(/▍ kimi-k2\n[\s\S]*│ REST +│[\s\S]*▍ qwen3-max\n[\s\S]*├─+┼/);
    expect(screen).not.toContain('|---');
    expect(screen).toMatch(/model +first token[\s\S]*\nkimi-k2 +\d+ ms[\s\S]*\nqwen3-max +\d+ ms/);
  });

  test.each([
    [['-m', 'kimi-k2', '-m', 'kimi-k2', 'x'], '-m kimi-k2 is given twice; name each model once.'],
    [
      ['-m', 'kimi-k2', '-m', 'qwen3-max', '-c', 'x'],
      '-c and --conversation continue one conversation: give one -m with them.',
    ],
    [
      ['chat', '-m', 'kimi-k2', '-m', 'qwen3-max'],
      'comput3 chat talks to one model: give one -m (or switch with /model), or several with --fallback.',
    ],
  ])('%j: one line, exit 2', async (args, message) => {
    const before = chats().length;
    const r = await run(args, online().env);
    expect(r.stderr).toBe(`comput3: ${message}\n`);
    expect(r.code).toBe(2);
    expect(chats().length).toBe(before);
  });
});

describe('--fallback: the first model that answers', () => {
  test('an overloaded first model gives way; one answer, from the next, and figures that say so', async () => {
    const busy = await startMockServer({ recordBodies: true, overloaded: ['kimi-k2'] });
    try {
      const env = home({ COMPUT3_API_KEY: 'sk-several', COMPUT3_BASE_URL: busy.url }).env;
      const r = await run(
        ['-m', 'kimi-k2', '-m', 'qwen3-max', '-m', 'deepseek-v3.1', '--fallback', '--stats', 'hi'],
        env,
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${await reply('qwen3-max', 'hi')}\n`);
      expect(r.stderr).toMatch(/^qwen3-max \(after kimi-k2: 503 overloaded\) · first token /);
      const sent = busy.requests.filter((q) => q.path === '/v1/chat/completions');
      expect(sent.map((s) => (s.body as { model: string }).model)).toEqual([
        'kimi-k2',
        'qwen3-max',
      ]);
    } finally {
      await busy.close();
    }
  });

  test('--hedge: a first model slow to answer is raced by the next, and the first to answer is kept', async () => {
    const slow = await startMockServer({ recordBodies: true, faults: ['delay-headers=60000'] });
    try {
      const env = home({ COMPUT3_API_KEY: 'sk-several', COMPUT3_BASE_URL: slow.url }).env;
      const r = await run(
        ['-m', 'kimi-k2', '-m', 'qwen3-max', '--fallback', '--hedge', '0.05', '--stats', 'hi'],
        env,
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${await reply('qwen3-max', 'hi')}\n`);
      expect(r.stderr).toMatch(/^qwen3-max \(after kimi-k2: slower\) · /);
    } finally {
      await slow.close();
    }
  });

  test('--hedge without --fallback is a usage error', async () => {
    const r = await run(['-m', 'kimi-k2', '-m', 'qwen3-max', '--hedge', '1', 'hi'], online().env);
    expect(r.stderr).toBe(
      'comput3: --hedge races the models of --fallback: add --fallback (and two -m or more).\n',
    );
    expect(r.code).toBe(2);
  });

  test('--fallback with one model is a usage error that says what to give', async () => {
    const before = chats().length;
    const r = await run(['-m', 'kimi-k2', '--fallback', 'hi'], online().env);
    expect(r.stderr).toBe(
      'comput3: --fallback moves from one model to the next: give two -m or more, in the order to try them.\n',
    );
    expect(r.code).toBe(2);
    expect(chats().length).toBe(before);
  });
});
