import { fileURLToPath } from 'node:url';
import { mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replyText, startMockServer, type MockServer } from '@comput3/mock';
import { OFFLINE_REAL_ANSWER } from '../src/connect.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { home, reply, run, start } from './run.js';

const KEY = 'sk-cli-test-SECRET-4242';
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ recordBodies: true });
});
afterAll(() => mock.close());

const online = (extra: NodeJS.ProcessEnv = {}) =>
  home({ COMPUT3_API_KEY: KEY, COMPUT3_BASE_URL: mock.url, ...extra });

describe('comput3 "prompt"', () => {
  test('streams the answer to stdout', async () => {
    const r = await run(['What is SSE?'], online().env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${await reply('hermes4:70b', 'What is SSE?')}\n`);
    expect(r.stderr).toBe('');
  });

  test('combines piped stdin with the prompt', async () => {
    const r = await run(
      ['-m', 'kimi-k2', 'summarise this'],
      online().env,
      'notes: ship on Friday\n',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${await reply('kimi-k2', 'notes: ship on Friday\n\nsummarise this')}\n`);
  });

  test('reads a prompt from stdin alone', async () => {
    const r = await run([], online().env, 'only stdin');
    expect(r.stdout).toBe(`${await reply('hermes4:70b', 'only stdin')}\n`);
  });

  test('--json --no-stream prints one ChatCompletion', async () => {
    const r = await run(
      ['--json', '--no-stream', '--max-tokens', '3', 'json please'],
      online().env,
    );
    const completion = JSON.parse(r.stdout);
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0].finish_reason).toBe('length');
    expect(completion.usage.completion_tokens).toBe(3);
  });

  test('--json while streaming prints NDJSON chunks', async () => {
    const r = await run(['--json', 'ndjson please'], online().env);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    const chunks = lines.slice(0, -1).map((l) => JSON.parse(l));
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    // The last line carries the answer's figures.
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({
      object: 'comput3.stats',
      model: 'hermes4:70b',
      finishReason: 'stop',
      requestId: expect.stringMatching(/^req_mock_/),
    });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(
      await reply('hermes4:70b', 'ndjson please'),
    );
  });

  test('--usage reports tokens on stderr', async () => {
    const r = await run(['--usage', '--temperature', '0.2', 'count'], online().env);
    // "count" is 1 token, "user" 1, the message's markers 3, the reply's priming 3.
    expect(r.stderr).toMatch(/^tokens: 8 prompt \+ \d+ completion = \d+\n$/);
    expect(r.stdout).toBe(`${await reply('hermes4:70b', 'count')}\n`);
  });

  test('--seed is sent as given: another seed, another wording of the same answer', async () => {
    const seeded = (seed: string) =>
      run(['-m', 'kimi-k2', '--seed', seed, 'REST vs GraphQL'], online().env);
    const [a, b] = [await seeded('1'), await seeded('2')];
    expect(mock.requests.at(-1)!.body).toMatchObject({ seed: 2 });
    const said = (r: typeof a) => r.stdout.replace(/\s+/g, ' ');
    expect(said(a)).not.toBe(said(b));
    expect(a.stdout).toContain('GraphQL');
  });

  test('reasoning stays out of stdout; --reasoning shows it on stderr', async () => {
    const think = 'Think step by step.';
    const ask = 'Name three uses of a Bloom filter';
    const messages = [
      { role: 'system' as const, content: think },
      { role: 'user' as const, content: ask },
    ];
    for (const model of ['hermes4:70b', 'deepseek-v3.1']) {
      const content = await replyText(model, messages);
      // Hermes writes it inline, DeepSeek beside the answer: either way stdout has the answer alone.
      const answer = content.replace(/^<think>[\s\S]*?<\/think>\n\n/, '');
      const quiet = await run(['-m', model, '-s', think, ask], online().env);
      expect(quiet.stdout).toBe(`${answer}\n`);
      expect(quiet.stdout).not.toContain('The question:');
      expect(quiet.stderr).toBe('');
      const shown = await run(['-m', model, '-s', think, '--reasoning', ask], online().env);
      expect(shown.stdout).toBe(`${answer}\n`);
      expect(shown.stderr).toMatch(/^The question: "Name three uses of a Bloom filter"\./);
      expect(shown.stderr).toContain('I have a written answer for this (bloom-filter).');
    }
  });

  test('a reader that stops early (| head) is not an error', async () => {
    mock.injectFaults('delay-chunks=20');
    const proc = start(['a long answer for head'], online().env);
    await expect.poll(() => proc.stdout().length).toBeGreaterThan(0);
    proc.child.stdout.destroy(); // as `head -c 5` does once it has enough
    const r = await proc.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  test('--offline works with no key and no API', async () => {
    const r = await run(
      ['--offline', 'offline?'],
      home({ COMPUT3_BASE_URL: 'http://127.0.0.1:9/v1', COMPUT3_OFFLINE_PACE: 'instant' }).env,
    );
    expect(r.code).toBe(0);
    const offline = await replyText('hermes4:70b', [{ role: 'user', content: 'offline?' }], {
      realAnswer: OFFLINE_REAL_ANSWER,
    });
    expect(r.stdout).toBe(`${offline}\n`);
  });
});

describe('exit codes', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['usage: unknown flag', ['--nope', 'x'], 2, /There is no option --nope\./],
    [
      'usage: bad number',
      ['--max-tokens', 'lots', 'x'],
      2,
      /--max-tokens must be a positive whole number/,
    ],
    ['usage: nothing to ask', [], 2, /Nothing to ask/],
    ['invalid request', ['--temperature', '7', 'x'], 2, /temperature must be a number from 0 to 2/],
    [
      'unknown model',
      ['-m', 'gpt-9', 'x'],
      2,
      /The API has no model "gpt-9"\. comput3 models lists the known ids .*\(request id req_mock_\d+\)/,
    ],
  ];
  test.each(cases)('%s', async (_name, args, code, message) => {
    const r = await run(args, online().env, '');
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test.each([
    ['auth (401)', 'status=401', 3, /failed with 401/],
    ['rate limit (429)', 'status=429; retry-after=20', 4, /failed with 429.*Try again in 20 s/],
    ['server (500)', 'status=500', 6, /failed with 500/],
  ])('%s', async (_name, fault, code, message) => {
    mock.injectFaults(fault);
    const r = await run(['--retries', '0', '--no-stream', 'x'], online().env);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain(KEY);
  });

  test('auth: no key at all', async () => {
    const r = await run(['x'], home({ COMPUT3_BASE_URL: mock.url }).env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      'No API key: set COMPUT3_API_KEY, or store one with `comput3 keys set`',
    );
  });

  test('network: nothing listening, and a timeout', async () => {
    const closed = await startMockServer();
    await closed.close(); // its port is now free: nothing listens there
    const refused = await run(
      ['--retries', '0', 'x'],
      home({ COMPUT3_API_KEY: KEY, COMPUT3_BASE_URL: closed.url }).env,
    );
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/ECONNREFUSED/);
    // A server of its own: on a busy machine the timeout may end the run before the request
    // arrives, and a fault queued on the shared server would then wait for the next test.
    const stalled = await startMockServer({ faults: ['delay-headers=3000'] });
    try {
      const slow = await run(
        ['--retries', '0', '--timeout', '0.2', 'x'],
        home({ COMPUT3_API_KEY: KEY, COMPUT3_BASE_URL: stalled.url }).env,
      );
      expect(slow.code).toBe(5);
      expect(slow.stderr).toMatch(/timed out/);
    } finally {
      await stalled.close();
    }
  });
});

describe('conversations', () => {
  test('are saved, continued with -c, and listed by logs', async () => {
    const h = online();
    expect((await run(['first question'], h.env)).code).toBe(0);
    const second = await run(['-c', '--usage', 'second question'], h.env);
    const first = await reply('hermes4:70b', 'first question');
    expect(second.stdout).toBe(
      `${await reply('hermes4:70b', 'first question', first, 'second question')}\n`,
    );
    const files = readdirSync(join(h.data, 'comput3', 'conversations'));
    expect(files).toHaveLength(1);
    const id = files[0]!.replace('.jsonl', '');
    const shown = JSON.parse((await run(['logs', 'show', id, '--json'], h.env)).stdout);
    expect(shown.messages.map((m: { role: string }) => m.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    // The history was sent: the second prompt counted the first exchange's tokens too.
    expect(Number(/(\d+) prompt/.exec(second.stderr)![1])).toBeGreaterThan(10);
    const list = await run(['logs'], h.env);
    expect(list.stdout).toContain(id);
    expect(list.stdout).toMatch(new RegExp(`${id}  \\S+ \\S+  hermes4:70b  +2  first question`));
    const byId = await run(['--conversation', id, 'third'], h.env);
    expect(byId.code).toBe(0);
    expect(readdirSync(join(h.data, 'comput3', 'conversations'))).toHaveLength(1);
  });

  test('a failed turn stays out of the conversation: -c sends no unanswered message', async () => {
    const h = online();
    expect((await run(['first question'], h.env)).code).toBe(0);
    const failed = await run(['-c', '-m', 'no-such-model', 'lost question'], h.env);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('no-such-model');
    expect((await run(['-c', 'second question'], h.env)).code).toBe(0);
    // What the mock received for the last request: one exchange, then the new question.
    const sent = (mock.requests.at(-1)!.body as { messages: { role: string; content: string }[] })
      .messages;
    expect(sent.map((m) => `${m.role}: ${m.content.slice(0, 15)}`)).toEqual([
      'user: first question',
      'assistant: *Offline mock o',
      'user: second question',
    ]);
    // Nothing is lost: the log keeps the failed attempt, apart from the messages.
    const [file] = readdirSync(join(h.data, 'comput3', 'conversations'));
    const shown = JSON.parse(
      (await run(['logs', 'show', file!.replace('.jsonl', ''), '--json'], h.env)).stdout,
    );
    expect(shown.messages).toHaveLength(4);
    expect(shown.failed).toEqual([
      expect.objectContaining({
        before: 2,
        model: 'no-such-model',
        messages: [{ role: 'user', content: 'lost question' }],
        error: expect.stringContaining('The API has no model "no-such-model"'),
      }),
    ]);
    const text = (await run(['logs', 'show', file!.replace('.jsonl', '')], h.env)).stdout;
    expect(text).toContain('✗ failed, not sent again: The API has no model');
    expect(text).toContain('  you: lost question');
  });

  test('--no-save leaves nothing behind', async () => {
    const h = online();
    await run(['--no-save', 'private'], h.env);
    expect((await run(['logs'], h.env)).stdout).toBe('No conversations yet.\n');
  });

  test('Ctrl-C mid-stream keeps what was printed, saves the partial exchange, exits 130', async () => {
    const h = online();
    mock.injectFaults('delay-chunks=150');
    const proc = start(['tell me a long story'], h.env);
    await expect.poll(() => proc.stdout().length, { timeout: 5000 }).toBeGreaterThan(3);
    proc.child.kill('SIGINT');
    const r = await proc.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('interrupted');
    const printed = r.stdout.trimEnd();
    expect((await reply('hermes4:70b', 'tell me a long story')).startsWith(printed)).toBe(true);
    const [file] = readdirSync(join(h.data, 'comput3', 'conversations'));
    const lines = readFileSync(join(h.data, 'comput3', 'conversations', file!), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ role: 'assistant', content: printed, partial: true });
    await expect.poll(() => mock.requests.at(-1)?.closedEarly).toBe(true);
  });
});

describe('models, keys, config', () => {
  test('models lists the spec models and marks the default', async () => {
    const r = await run(['models'], home().env);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('* hermes4:70b');
    expect(lines).toContain('  claude-sonnet-4');
    expect(lines).toHaveLength(8);
  });

  test('models --remote asks the API and marks ids the spec does not know', async () => {
    const other = await startMockServer({ models: ['kimi-k2', 'fresh-model:2t'] });
    try {
      const r = await run(
        ['models', '--remote'],
        home({ COMPUT3_API_KEY: KEY, COMPUT3_BASE_URL: other.url }).env,
      );
      expect(r.stdout).toBe('  kimi-k2\n  fresh-model:2t  (not in the spec)\n');
    } finally {
      await other.close();
    }
  });

  test('config set model changes the default', async () => {
    const h = online();
    await run(['config', 'set', 'model', 'qwen3-max'], h.env);
    expect((await run(['models'], h.env)).stdout).toContain('* qwen3-max');
    expect((await run(['hi'], h.env)).stdout).toContain('Offline mock of qwen3-max');
  });

  test('keys set stores the key 0600, never prints it, and is used when the env has none', async () => {
    const h = home({ COMPUT3_BASE_URL: mock.url });
    const set = await run(['keys', 'set'], h.env, `${KEY}\n`);
    expect(set.code).toBe(0);
    expect(set.stdout + set.stderr).not.toContain(KEY);
    const path = join(h.config, 'comput3', 'key');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(h.config, 'comput3')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path, 'utf8').trim()).toBe(KEY);
    const r = await run(['uses the stored key'], h.env);
    expect(r.code).toBe(0);
    expect((await run(['keys'], h.env)).stdout).toBe(`A key is set (${path}).\n`);
  });

  test('--help has examples and --version the version', async () => {
    const help = await run(['--help'], home().env);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('130 interrupted');
    expect((await run(['--version'], home().env)).stdout).toMatch(/^comput3 \d+\.\d+\.\d+\n$/);
  });
});

describe('--schema', () => {
  const schema = {
    type: 'object',
    properties: { title: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
    required: ['title', 'tags'],
  };

  test('prints JSON that fits the schema, asked for as json_schema', async () => {
    const r = await run(
      ['--no-save', '--schema', JSON.stringify(schema), 'Describe the release'],
      online().env,
    );
    expect(r.code).toBe(0);
    const value = JSON.parse(r.stdout);
    expect(typeof value.title).toBe('string');
    expect(Array.isArray(value.tags)).toBe(true);
    expect((mock.requests.at(-1)!.body as { response_format: unknown }).response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema, strict: true },
    });
  });

  test('a schema from a file', async () => {
    const h = online();
    const file = join(h.config, '..', 'schema.json');
    writeFileSync(file, JSON.stringify(schema));
    const r = await run(['--no-save', '--schema', file, 'Describe the release'], h.env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('tags');
  });

  test('an answer that does not fit: exit 2 with the reason, nothing on stdout', async () => {
    const strict = {
      type: 'object',
      properties: { code: { type: 'string', pattern: '^[A-Z]{3}-[0-9]{4}$' } },
      required: ['code'],
    };
    const r = await run(
      ['--no-save', '--schema', JSON.stringify(strict), 'a ticket code'],
      online().env,
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'The answer does not fit the schema: $.code: does not match ^[A-Z]{3}-[0-9]{4}$',
    );
  });

  test('a module exporting a Standard Schema validator (zod): its JSON Schema sent, its checks applied', async () => {
    const module = fileURLToPath(new URL('./fixtures/release-schema.mjs', import.meta.url));
    const r = await run(['--no-save', '--schema', module, 'Describe the release'], online().env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const value = JSON.parse(r.stdout);
    expect(value.tags.length).toBeGreaterThan(0);
    const format = (mock.requests.at(-1)!.body as { response_format: { json_schema: unknown } })
      .response_format;
    expect(format.json_schema).toMatchObject({
      name: 'response',
      schema: { type: 'object', required: ['title', 'tags'] },
    });
  });

  test.each([
    [
      ['--schema', 'test/fixtures/no-schema.mjs'],
      '--schema test/fixtures/no-schema.mjs exports no schema: export default a zod, valibot or arktype schema',
    ],
    [
      ['--schema', '/no/such/schema.mjs'],
      '--schema /no/such/schema.mjs could not be loaded: Cannot find module',
    ],
    [['--schema', '{not json'], '--schema is not valid JSON'],
    [['--schema', '/no/such/schema.json'], '--schema /no/such/schema.json: ENOENT'],
    [['--schema', '[1, 2]'], '--schema must be a JSON Schema object'],
  ])('bad --schema %j: one clear line, exit 2, nothing sent', async (args, message) => {
    const before = mock.requests.length;
    const r = await run([...args, 'hi'], online().env);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
    expect(mock.requests.length).toBe(before);
  });
});

describe('commands take only the words they need', () => {
  test('comput3 models are overrated: a usage error that shows how to send it as a prompt', async () => {
    const before = mock.requests.length;
    const r = await run(['models', 'are', 'overrated'], online().env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'comput3: comput3 models takes no words after it. To send "models are overrated" as a prompt, put -- first: comput3 -- "models are overrated"\n',
    );
    expect(mock.requests.length).toBe(before);
    const asPrompt = await run(['--no-save', '--', 'models', 'are', 'overrated'], online().env);
    expect(asPrompt.stdout).toBe(`${await reply('hermes4:70b', 'models are overrated')}\n`);
  });
});

describe('each command takes its own flags', () => {
  test.each([
    [
      ['logs', '--remote'],
      '--remote is not an option of comput3 logs (it is an option of comput3 models): see comput3 logs --help.',
    ],
    [
      ['--limit', '3', 'hi'],
      '--limit is an option of comput3 logs, not of a prompt: see comput3 --help.',
    ],
    [
      ['chat', '--json'],
      '--json is not an option of comput3 chat (it is an option of a prompt, comput3 logs, comput3 batch, comput3 mcp): see comput3 chat --help.',
    ],
  ])('%j: one line, exit 2, nothing sent', async (args, message) => {
    const before = mock.requests.length;
    const r = await run(args, online().env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`comput3: ${message}\n`);
    expect(mock.requests.length).toBe(before);
  });

  test("a command's help lists the flags it takes, and only those", async () => {
    const logs = (await run(['logs', '--help'], online().env)).stdout;
    expect(logs).toContain('--limit');
    expect(logs).not.toContain('--remote');
    expect((await run(['keys', '--help'], online().env)).stdout).not.toContain('Options:');
  });
});

describe('logs written by an earlier version', () => {
  test("their figures (ttftMs, totalMs, id) are shown under today's names", async () => {
    const h = online();
    const dir = join(h.data, 'comput3', 'conversations');
    mkdirSync(dir, { recursive: true });
    const stats = {
      model: 'kimi-k2',
      ttftMs: 120,
      totalMs: 900,
      tokensPerSecond: 40,
      promptTokens: 5,
      completionTokens: 30,
      finishReason: 'stop',
      id: 'req_old_1',
    };
    writeFileSync(
      join(dir, '20261201-101010-abcd.jsonl'),
      [
        { type: 'start', id: '20261201-101010-abcd', at: '2026-12-01T10:10:10Z', model: 'kimi-k2' },
        { type: 'message', at: '2026-12-01T10:10:10Z', role: 'user', content: 'hi' },
        { type: 'message', at: '2026-12-01T10:10:11Z', role: 'assistant', content: 'hello', stats },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n') + '\n',
    );
    const shown = await run(['logs', 'show', '20261201-101010-abcd'], h.env);
    expect(shown.stdout).toContain(
      'kimi-k2 · first token 120 ms · 40 tokens/s · 5 + 30 tokens · req_old_1',
    );
    const json = JSON.parse((await run(['logs', '--json'], h.env)).stdout);
    expect(json[0].messages[1].stats).toMatchObject({
      timeToFirstTokenMs: 120,
      durationMs: 900,
      requestId: 'req_old_1',
    });
  });
});

describe('logs search, --model and rm', () => {
  test('search finds messages newest first; -m filters; rm deletes', async () => {
    const h = online();
    await run(['-m', 'kimi-k2', 'tell me about rivers'], h.env);
    // The first conversation an hour older, so the order is by its time, not by chance.
    const dir = join(h.data, 'comput3', 'conversations');
    for (const f of readdirSync(dir)) {
      const hourAgo = new Date(Date.now() - 3600_000);
      utimesSync(join(dir, f), hourAgo, hourAgo);
    }
    await run(['-m', 'qwen3-max', 'rivers and lakes'], h.env);
    await run(['-m', 'qwen3-max', 'mountains'], h.env);
    const found = (await run(['logs', 'search', 'RIVERS'], h.env)).stdout.trim().split('\n');
    // The questions, newest first (the mock's answers mention rivers too).
    const asked = found.filter((line) => line.includes('  user: '));
    expect(asked).toHaveLength(2);
    expect(asked[0]).toContain('qwen3-max  user: rivers and lakes');
    expect(asked[1]).toContain('kimi-k2  user: tell me about rivers');
    expect(found.some((line) => line.includes('mountains'))).toBe(false);
    // A heading, then a row each.
    const qwen = (await run(['logs', '-m', 'qwen3-max'], h.env)).stdout.trim().split('\n');
    expect(qwen).toHaveLength(3);
    const id = qwen[1]!.split(' ')[0]!;
    const removed = await run(['logs', 'rm', id], h.env);
    expect(removed.stdout).toContain(`Deleted `);
    expect((await run(['logs', '-m', 'qwen3-max'], h.env)).stdout.trim().split('\n')).toHaveLength(
      2,
    );
    const again = await run(['logs', 'rm', id], h.env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`No conversation ${id}`);
    expect((await run(['logs', 'search', 'volcanoes'], h.env)).stdout).toBe(
      'Nothing mentions "volcanoes".\n',
    );
  });
});

describe('config', () => {
  test('base-url, timeout and retries are kept and used; list shows every setting', async () => {
    const h = home({ COMPUT3_API_KEY: KEY });
    expect((await run(['config', 'set', 'base-url', mock.url], h.env)).code).toBe(0);
    expect((await run(['config', 'set', 'timeout', '30'], h.env)).code).toBe(0);
    expect((await run(['config', 'set', 'retries', '0'], h.env)).code).toBe(0);
    const listed = (await run(['config', 'list'], h.env)).stdout;
    expect(listed).toContain(`base-url = ${mock.url}`);
    expect(listed).toContain('timeout = 30');
    expect(listed).toContain('retries = 0');
    expect(listed).toContain('proxy = (not set)');
    // No COMPUT3_BASE_URL: the configured base URL is the one used.
    const r = await run(['--no-save', 'hi'], h.env);
    expect(r.code).toBe(0);
    // retries 0: one 503 is final.
    mock.injectFaults('status=503');
    expect((await run(['--no-save', 'hi'], h.env)).code).toBe(6);
  });

  test.each([
    [['base-url', 'api.comput3.ai'], 'base-url must be an http(s) URL'],
    [['timeout', 'soon'], 'timeout must be a positive number of seconds'],
    [['retries', 'two'], 'retries must be a whole number ≥ 0'],
    [['colour', 'blue'], 'Unknown setting "colour"'],
  ])('config set %j: one clear line, exit 2', async (args, message) => {
    const r = await run(['config', 'set', ...args], home().env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe("the answer's figures", () => {
  test('--stats: one line on stderr with model, first token, tokens/s, tokens and request id', async () => {
    const r = await run(['--no-save', '--stats', 'explain stats'], online().env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^hermes4:70b · first token \d+ ms · [\d.]+ tokens\/s · \d+ \+ \d+ tokens · req_mock_\d+\n$/,
    );
    expect(r.stdout).toBe(`${await reply('hermes4:70b', 'explain stats')}\n`); // stdout unchanged
  });

  test('a max_tokens cut is said on stderr; piped, nothing else is added', async () => {
    const r = await run(['--no-save', '--max-tokens', '4', 'explain in detail'], online().env);
    expect(r.stderr).toBe(
      '[cut short at the max_tokens limit (4 tokens): raise --max-tokens for the rest]\n',
    );
  });

  test('--json --no-stream carries them as comput3_stats; the log keeps them', async () => {
    const h = online();
    const r = await run(['--json', '--no-stream', 'figures'], h.env);
    const printed = JSON.parse(r.stdout);
    expect(printed.object).toBe('chat.completion');
    expect(printed.comput3_stats).toMatchObject({
      model: 'hermes4:70b',
      completionTokens: printed.usage.completion_tokens,
    });
    const [saved] = JSON.parse((await run(['logs', '--json'], h.env)).stdout);
    expect(saved.messages[1].stats).toMatchObject({ model: 'hermes4:70b', finishReason: 'stop' });
  });
});

describe('--messages', () => {
  const conversation = [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: 'Hello.' },
    { role: 'user', content: 'and again?' },
  ];
  test('sends the conversation exactly as given, and the prompt after it when there is one', async () => {
    const r = await run(['--no-save', '--messages', JSON.stringify(conversation)], online().env);
    expect(r.code).toBe(0);
    expect((mock.requests.at(-1)!.body as { messages: unknown }).messages).toEqual(conversation);
    await run(
      ['--no-save', '--messages', JSON.stringify(conversation.slice(0, 3)), 'more'],
      online().env,
    );
    expect((mock.requests.at(-1)!.body as { messages: unknown[] }).messages).toEqual([
      ...conversation.slice(0, 3),
      { role: 'user', content: 'more' },
    ]);
  });

  test.each([
    [['--messages', '{"role":"user"}'], '--messages must be a JSON array of messages'],
    [['--messages', '[{"role":"bot","content":"x"}]'], '--messages: message 0 must be'],
    [
      ['--messages', '[{"role":"user","content":"x"},{"role":"assistant","content":"y"}]'],
      '--messages ends with an answer',
    ],
    [['--messages', '[nope'], '--messages is not valid JSON'],
  ])('%j: one line, exit 2, nothing sent', async (args, message) => {
    const before = mock.requests.length;
    const r = await run(args, online().env);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
    expect(mock.requests.length).toBe(before);
  });
});
