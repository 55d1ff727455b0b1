// comput3 --mcp and comput3 mcp, as a person and a script use them: server-filesystem on a
// scratch folder (started by the CLI, stopped with it), the answer taken from the file; the
// approval asked in a pseudo-terminal and obeyed; named servers; hostile servers and specs.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { home, run, startPty as startTerminal } from './run.js';

const require = createRequire(import.meta.url);
const FS_SERVER = require.resolve('@modelcontextprotocol/server-filesystem/dist/index.js');
const HOSTILE = fileURLToPath(
  new URL('../../../packages/core/test/mcp/fixtures/hostile-server.mjs', import.meta.url),
);
const instant = () => home({ COMPUT3_OFFLINE_PACE: 'instant' });
// Every terminal a test opens is closed after it, passed or failed: a chat left waiting for
// input would keep the test run from ending.
const terminals: ReturnType<typeof startTerminal>[] = [];
const startPty = (...args: Parameters<typeof startTerminal>) => {
  const term = startTerminal(...args);
  terminals.push(term);
  return term;
};
afterEach(() => {
  for (const term of terminals.splice(0)) term.kill();
});

function folder(data: string) {
  const dir = join(data, 'notes');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'notes.md'), 'The launch moved to Thursday because of the storm.\n');
  return dir;
}
const server = (dir: string) => `${process.execPath} ${FS_SERVER} ${dir}`;
const ask = (dir: string) => `Use read_text_file on ${join(dir, 'notes.md')}: when is the launch?`;

/** comput3 asked about the notes with the filesystem server, every call allowed. */
async function askNotes(flag: string) {
  const h = instant();
  const dir = folder(h.data);
  const r = await run(
    ['--offline', '-m', 'kimi-k2', '--mcp', server(dir), '--yes', flag, ask(dir)],
    h.env,
  );
  return { r, dir };
}
// Milliseconds, or seconds past one (a busy machine).
const TOOK = String.raw`(\d+ ms|[\d.]+ s)`;

describe('comput3 --mcp', () => {
  test('piped with --yes: the file read through MCP, the answer from it, the calls on stderr', async () => {
    const { r, dir } = await askNotes('--stats');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('The launch moved to Thursday because of the storm.');
    expect(r.stderr).toContain(`⚙ filesystem/read_text_file {"path":"${join(dir, 'notes.md')}"}`);
    expect(r.stderr).toMatch(
      new RegExp(`↳ filesystem/read_text_file: 1\\d\\d characters in ${TOOK}`),
    );
    expect(r.stderr).toMatch(new RegExp(` · 2 rounds, 1 tool call in ${TOOK} · `));
  });

  test('--json: the final answer whole, with the tool figures', async () => {
    const { r } = await askNotes('--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.choices[0].message.content).toContain('The launch moved to Thursday');
    expect(out.comput3_stats.tools).toMatchObject({ rounds: 2, calls: 1 });
  });

  test('in a terminal: each call asked; "n" is obeyed (nothing read), "a" allows the tool', async () => {
    const h = home();
    const dir = folder(h.data);
    const term = startPty(['--offline', '-m', 'kimi-k2', '--mcp', server(dir), ask(dir)], h.env);
    await term.waitFor('Allow? [y]es  [n]o  [a]lways this tool');
    expect(term.screen()).toContain(
      `⚙ filesystem/read_text_file {"path":"${join(dir, 'notes.md')}"} (read-only, says the server)`,
    );
    // A person who takes a moment to answer: that moment is not time in the tools.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    term.type('n');
    expect(await term.done).toBe(0);
    const screen = term.screen();
    expect(screen).toMatch(/2 rounds, 1 tool call in \d+ ms/);
    expect(screen).toContain('Allow? [y]es  [n]o  [a]lways this tool no');
    expect(screen).toContain('the user did not allow this call of filesystem/read_text_file');
    expect(screen).not.toContain('The launch moved to Thursday');

    const yes = startPty(['--offline', '-m', 'kimi-k2', '--mcp', server(dir), ask(dir)], h.env);
    await yes.waitFor('Allow?');
    yes.type('a');
    expect(await yes.done).toBe(0);
    expect(yes.screen()).toContain('Allow? [y]es  [n]o  [a]lways this tool always');
    expect(yes.screen()).toContain('The launch moved to Thursday because of the storm.');
  });

  test('nothing to ask on and no --yes; shell syntax; --yes alone: one line each, nothing started', async () => {
    const h = instant();
    const dir = folder(h.data);
    for (const [args, said] of [
      [
        ['--offline', '--mcp', server(dir), 'hi'],
        'comput3: --mcp asks before each tool call, and there is no terminal to ask on: pass --yes',
      ],
      [
        ['--offline', '--mcp', `${server(dir)} | tee /tmp/x`, '--yes', 'hi'],
        'has shell syntax (|), and no shell runs it',
      ],
      [['--offline', '--yes', 'hi'], '--yes allows the tool calls of --mcp without asking'],
      [
        ['--offline', '--mcp', 'x', '-m', 'kimi-k2', '-m', 'qwen3-max', '--yes', 'hi'],
        '--mcp gives one model tools',
      ],
    ] as const) {
      const r = await run([...args], h.env);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(said);
    }
    const missing = await run(
      ['--offline', '--mcp', 'comput3-no-such-server --token sk-in-args-123', '--yes', 'hi'],
      h.env,
    );
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('MCP server "comput3-no-such-server"');
    expect(missing.stderr).not.toContain('sk-in-args-123');
  });

  test('a hostile server: its escapes never reach the terminal, its failures are results', async () => {
    const h = instant();
    const r = await run(
      [
        '--offline',
        '-m',
        'kimi-k2',
        '--mcp',
        `${process.execPath} ${HOSTILE}`,
        '--yes',
        'Call escapes, inject and die.',
      ],
      h.env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/\x1b\]|\x9b|\u202e/);
    expect(r.stdout).toContain('[untrusted result of the MCP tool hostile-server/inject');
    expect(r.stderr).toMatch(
      /↳ hostile-server\/die: MCP server "hostile-server" closed the connection/,
    );
  });
});

test('chat --mcp: /tools lists them; a call asked and allowed; the answer key stays out of the next line', async () => {
  const h = home({ COMPUT3_OFFLINE_PACE: 'instant' });
  const dir = folder(h.data);
  const term = startPty(['chat', '--offline', '-m', 'kimi-k2', '--mcp', server(dir)], h.env);
  await term.waitFor('/help for commands.');
  term.type('/tools\r');
  await term.waitFor('Each call is asked for');
  expect(term.screen()).toMatch(/filesystem: 14 tools: read_file, read_text_file, /);
  term.type(`${ask(dir)}\r`);
  await term.waitFor('Allow?');
  term.type('y');
  await term.waitFor(/2 rounds, 1 tool call in [\d.]+ (ms|s)/);
  expect(term.screen()).toContain('The launch moved to Thursday because of the storm.');
  // Had the "y" stayed in the input, this would be "y/tools", sent as a message.
  term.type('/tools\r');
  await expect.poll(() => term.screen().split('Each call is asked for').length).toBe(3);
  term.type('\x04');
  expect(await term.done).toBe(0);
});

describe('comput3 mcp', () => {
  test('add, list (env values hidden), use by name, remove', async () => {
    const h = instant();
    const dir = folder(h.data);
    const add = await run(['mcp', 'add', 'notes', server(dir)], h.env);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toContain('Added notes in');
    const file = join(h.config, 'comput3', 'mcp.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved).toEqual({
      mcpServers: { notes: { command: process.execPath, args: [FS_SERVER, dir] } },
    });
    // Edited by hand, as users of other MCP clients do: an env with a token.
    saved.mcpServers.notes.env = { NOTES_TOKEN: 'sk-hidden-token-999' };
    writeFileSync(file, JSON.stringify(saved));
    const list = await run(['mcp', 'list'], h.env);
    expect(list.stdout).toBe(`notes  ${process.execPath} ${FS_SERVER} ${dir}  NOTES_TOKEN=…\n`);
    const json = await run(['mcp', 'list', '--json'], h.env);
    expect(json.stdout).not.toContain('sk-hidden-token-999');
    const used = await run(
      ['--offline', '-m', 'kimi-k2', '--mcp', 'notes', '--yes', ask(dir)],
      h.env,
    );
    expect(used.code, used.stderr).toBe(0);
    expect(used.stderr).toContain('⚙ notes/read_text_file');
    expect(used.stdout).toContain('The launch moved to Thursday');
    expect((await run(['mcp', 'remove', 'notes'], h.env)).code).toBe(0);
    const gone = await run(['mcp', 'remove', 'notes'], h.env);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('There is no MCP server named notes');
    expect((await run(['mcp', 'add', '../x', 'node'], h.env)).stderr).toContain(
      'is not a server name',
    );
  });
});
