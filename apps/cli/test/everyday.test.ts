// The CLI every day: each command's own help, mistakes said in one line of ours, settings that
// say what they saved, a conversation that begins with its first answer, and the logs.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { screenOf } from './screen.js';
import { BIN, home, run, startPty, startPtyProgram } from './run.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ recordBodies: true });
});
afterAll(() => mock.close());

const online = () => home({ COMPUT3_API_KEY: 'sk-everyday-1234', COMPUT3_BASE_URL: mock.url });

describe('help', () => {
  test.each(['chat', 'logs', 'roles', 'keys', 'config', 'completion', 'models'])(
    '%s --help and help %s give that command its own page',
    async (command) => {
      const h = home();
      const general = (await run(['--help'], h.env)).stdout;
      const page = await run([command, '--help'], h.env);
      expect(page.code).toBe(0);
      expect(page.stdout.startsWith(`comput3 ${command}`)).toBe(true);
      expect(page.stdout).not.toBe(general);
      expect(page.stdout).toContain('Examples:');
      expect((await run(['help', command], h.env)).stdout).toBe(page.stdout);
    },
  );

  test("chat's page lists the slash commands; help alone is the general help, never a prompt", async () => {
    const h = home();
    const chat = (await run(['chat', '--help'], h.env)).stdout;
    for (const slash of ['/model', '/system', '/retry', '/copy', '/exit'])
      expect(chat).toContain(slash);
    const help = await run(['help'], h.env);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe((await run(['--help'], h.env)).stdout);
    const wrong = await run(['help', 'nope'], h.env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(
      'comput3: There is no command "nope": the commands are chat, models, logs, roles, keys, config, completion, batch, worker, mcp, help. A prompt goes after --: comput3 -- "…"\n',
    );
  });
});

describe('mistakes, in one line of ours', () => {
  test.each([
    [
      ['--max-tokens', '-1', 'x'],
      'comput3: --max-tokens must be a positive whole number, got "-1".\n',
    ],
    [
      ['-m'],
      'comput3: -m needs a model id after it, as in -m hermes4:70b (comput3 models lists them).\n',
    ],
    [
      ['--temperature'],
      'comput3: --temperature needs a number from 0 to 2 after it, as in --temperature 0.2.\n',
    ],
    [
      ['--modle', 'x', 'y'],
      'comput3: There is no option --modle: did you mean --model? See comput3 --help (a prompt that starts with - goes after --).\n',
    ],
    [['--json=yes', 'x'], 'comput3: --json is a switch and takes no value: write --json alone.\n'],
    [
      ['chta'],
      'comput3: "chta" is not a command: did you mean comput3 chat? To send it as a prompt, put -- first: comput3 -- chta\n',
    ],
    [
      ['--offline', 'modles'],
      'comput3: "modles" is not a command: did you mean comput3 models? To send it as a prompt, put -- first: comput3 -- modles\n',
    ],
    [
      ['--temperature', '9', 'x'],
      'comput3: --temperature must be a number from 0 to 2, got "9".\n',
    ],
    [['--seed', '1.5', 'x'], 'comput3: --seed must be a whole number, got "1.5".\n'],
  ])('%j', async (args, said) => {
    const r = await run(args, home().env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(said);
  });

  test('a word a typo away from a command is still a prompt after --, and "hello" is one anyway', async () => {
    const h = home();
    for (const args of [
      ['--offline', '--', 'chta'],
      ['--offline', 'hello'],
    ]) {
      const r = await run(args, h.env);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Offline mock');
    }
  });

  test('a near miss of a model id: did you mean, with the request id; the id is still sent', async () => {
    const h = online();
    const r = await run(['-m', 'hermes4', 'hi'], h.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^comput3: The API has no model "hermes4": did you mean hermes4:70b\? comput3 models lists the known ids \(--remote asks the API\)\. \(request id req_mock_\d+\)\n$/,
    );
    expect(r.stderr).not.toContain('POST');
    expect((mock.requests.at(-1)!.body as { model: string }).model).toBe('hermes4');
  });

  test('a first turn that fails leaves no conversation: -c then has nothing to continue', async () => {
    const h = online();
    expect((await run(['-m', 'hermes', 'first try'], h.env)).code).toBe(2);
    expect(() => readdirSync(join(h.data, 'comput3', 'conversations'))).toThrow();
    const again = await run(['-c', 'and now'], h.env);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('comput3: There is no conversation to continue yet.\n');
    // The next good one is a conversation, and it keeps its model.
    expect((await run(['hello'], h.env)).code).toBe(0);
    expect(readdirSync(join(h.data, 'comput3', 'conversations'))).toHaveLength(1);
  });
});

describe('config and keys say what will be used', () => {
  test('set prints the value saved; unset prints the default that applies again', async () => {
    const h = home();
    expect((await run(['config', 'set', 'timeout', '30'], h.env)).stdout).toBe('timeout = 30\n');
    expect((await run(['config', 'get', 'timeout'], h.env)).stdout).toBe('timeout = 30\n');
    expect((await run(['config', 'unset', 'timeout'], h.env)).stdout).toBe('timeout = (not set)\n');
    expect((await run(['config', 'set', 'model', 'kimi-k2'], h.env)).stdout).toBe(
      'model = kimi-k2\n',
    );
    expect((await run(['config', 'unset', 'model'], h.env)).stdout).toBe(
      'model = hermes4:70b (default)\n',
    );
    expect((await run(['config', 'get', 'model'], h.env)).stdout).toBe(
      'model = hermes4:70b (default)\n',
    );
  });

  test('with no keychain, keys path names the file keys set will write, and says why', async () => {
    const h = home({ DBUS_SESSION_BUS_ADDRESS: undefined });
    const path = await run(['keys', 'path'], h.env);
    const file = join(h.config, 'comput3', 'key');
    expect(path.stdout).toBe(`${file}\n`);
    expect(path.stderr).toContain('no OS keychain here');
    const set = await run(['keys', 'set'], h.env, 'sk-from-a-pipe-123\n');
    expect(set.stdout).toContain(`Saved the key to ${file}`);
    expect((await run(['keys', 'path'], h.env)).stdout).toBe(`${file}\n`);
  });
});

describe('logs', () => {
  test('-n N, aligned columns, and a line for the rest', async () => {
    const h = online();
    for (const q of ['one', 'two', 'three']) expect((await run([q], h.env)).code).toBe(0);
    expect((await run(['-m', 'kimi-k2', 'a longer fourth question'], h.env)).code).toBe(0);
    const list = (await run(['logs', '-n', '2'], h.env)).stdout.trimEnd().split('\n');
    expect(list[0]).toMatch(/^ID +STARTED +MODEL +TURNS {2}FIRST MESSAGE$/);
    expect(list).toHaveLength(4);
    expect(list[1]).toMatch(/a longer fourth question$/);
    expect(list[3]).toBe('… and 2 more: comput3 logs -n 4 shows them all.');
    // Every column starts at the same place on every row.
    const at = (line: string, word: string) => line.indexOf(word);
    expect(at(list[1]!, 'kimi-k2')).toBe(at(list[0]!, 'MODEL'));
    expect(at(list[2]!, 'hermes4:70b')).toBe(at(list[0]!, 'MODEL'));
    expect((await run(['logs', '-n', '0'], h.env)).stdout.trimEnd().split('\n')).toHaveLength(5);
  });

  test('a conversation is listed by the prompt typed, not the text piped in or the files', async () => {
    const h = online();
    const diff = 'diff --git a/x.ts b/x.ts\n+const answer = 42;\n';
    expect((await run(['Write a commit message'], h.env, diff)).code).toBe(0);
    const list = (await run(['logs'], h.env)).stdout.trimEnd().split('\n');
    expect(list[1]).toMatch(/ {2}Write a commit message$/);
    // The message sent (and kept) is still the whole of it.
    expect((await run(['logs', 'show'], h.env)).stdout).toContain('+const answer = 42;');
  });

  test('logs show with no id shows the latest, each exchange under a rule', async () => {
    const h = online();
    expect((await run(['first'], h.env)).code).toBe(0);
    expect((await run(['-c', 'second'], h.env)).code).toBe(0);
    const shown = await run(['logs', 'show'], h.env);
    expect(shown.code).toBe(0);
    expect(shown.stdout.match(/^─{20,}$/gm)).toHaveLength(2);
    expect(shown.stdout).toMatch(/^you: first$/m);
    expect(shown.stdout).toMatch(/^you: second$/m);
    expect(shown.stdout).toMatch(/first token \d+ ms/);
  });
});

describe('--no-stream', () => {
  test('its figures say the whole answer took this long, not the first token', async () => {
    const r = await run(['--no-stream', '--stats', 'hi'], online().env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/whole answer in \d+ ms/);
    expect(r.stderr).not.toContain('first token');
  });
});

describe('typing while an answer streams', () => {
  test('a prompt: the keys are not echoed into the answer, and Ctrl-C still stops it', async () => {
    const h = online();
    mock.injectFaults('delay-chunks=150');
    const term = startPty(['Explain server-sent events step by step'], h.env);
    try {
      await term.waitFor('Offline mock of hermes4:70b');
      term.type('zzqx');
      await term.waitFor('Server-sent events');
      term.type('\x03');
      expect(await term.done).toBe(130);
      expect(term.screen()).not.toContain('zzqx');
    } finally {
      term.kill();
    }
  });

  test('a prompt: what is typed during the answer is left for the shell, as after any command', async () => {
    const h = online();
    mock.injectFaults('delay-chunks=100');
    const before = mock.requests.length;
    // The shell's part: read the next line from the terminal after comput3 ends.
    const term = startPtyProgram(
      [
        'sh',
        '-c',
        `"$0" "$1" --no-save hello; read line; echo "NEXT:$line"`,
        process.execPath,
        BIN,
      ],
      h.env,
    );
    try {
      await expect.poll(() => mock.requests.length).toBe(before + 1);
      term.type('typed ahead\r');
      expect(await term.done).toBe(0);
      expect(term.screen()).toContain('NEXT:typed ahead');
      // Not echoed into the answer (above its figures).
      const screen = term.screen();
      expect(screen.slice(0, screen.indexOf('first token'))).not.toContain('typed ahead');
    } finally {
      term.kill();
    }
  });

  test('chat: what is typed during an answer is kept, and acts when it ends', async () => {
    const h = online();
    const term = startPty(['chat'], h.env);
    try {
      await term.waitFor('comput3 chat with');
      mock.injectFaults('delay-chunks=100');
      const before = mock.requests.length;
      term.type('hello\r');
      await expect.poll(() => mock.requests.length).toBe(before + 1);
      // Typed while the answer is on its way: not echoed into it, then on the next prompt
      // line, and acted on there.
      term.type('/exit\r');
      expect(await term.done).toBe(0);
      const screen = await screenOf(term.raw());
      const stats = screen.findIndex((l) => /hermes4:70b · first token/.test(l));
      expect(stats).toBeGreaterThan(0);
      expect(screen.slice(stats + 1)[0]).toBe('> /exit');
      expect(screen.slice(0, stats).join('\n')).not.toContain('/exit');
    } finally {
      term.kill();
    }
  });

  test('chat: the keys are dropped while it streams, the prompt comes back clean', async () => {
    const h = online();
    const term = startPty(['chat'], h.env);
    try {
      await term.waitFor('comput3 chat with');
      mock.injectFaults('delay-chunks=150');
      term.type('Explain server-sent events step by step\r');
      await term.waitFor('Offline mock of hermes4:70b');
      term.type('zzqx');
      term.type('\x03');
      await term.waitFor('[stopped]');
      term.type('hello\r');
      await term.waitFor(/Hi there|Hello!/);
      expect(term.screen()).not.toContain('zzqx');
      term.type('\x04');
      await term.done;
    } finally {
      term.kill();
    }
  });
});
