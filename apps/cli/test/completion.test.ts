// The bash completion, loaded into a real bash and asked, as a shell would ask it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KNOWN_MODELS } from '@comput3/core';
import { describe, expect, test } from 'vitest';
import { home, run, startPtyProgram } from './run.js';

/** The bin a global install links (it runs the built bundle). */
const BIN_SCRIPT = fileURLToPath(new URL('../bin/comput3.js', import.meta.url));

async function completions(...words: string[]): Promise<string[]> {
  return completionsIn(home().env, process.cwd(), ...words);
}

async function completionsIn(env: NodeJS.ProcessEnv, cwd: string, ...words: string[]) {
  const script = (await run(['completion', 'bash'], env)).stdout;
  const bin = join(env.XDG_DATA_HOME!, 'bin');
  mkdirSync(bin, { recursive: true });
  if (!existsSync(join(bin, 'comput3'))) symlinkSync(BIN_SCRIPT, join(bin, 'comput3'));
  const out = execFileSync(
    'bash',
    [
      '-c',
      `${script}
COMP_WORDS=("$@"); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); COMP_LINE="$*"; COMP_POINT=\${#COMP_LINE}; COMPREPLY=(); _comput3
printf '%s\\n' "\${COMPREPLY[@]}"`,
      'bash',
      ...words,
    ],
    { encoding: 'utf8', cwd, env: { ...env, PATH: `${bin}:${process.env.PATH}` } },
  );
  return out.split('\n').filter(Boolean);
}

/** A conversation file whose name runs a command if a shell expands it again. */
const HOSTILE = '$(touch${IFS}PWNED)';

describe('comput3 completion', () => {
  test('commands, then flags, then model ids from the spec', async () => {
    expect(await completions('comput3', '')).toEqual([
      'chat',
      'models',
      'logs',
      'roles',
      'keys',
      'config',
      'completion',
      'batch',
      'worker',
      'mcp',
      'help',
    ]);
    expect(await completions('comput3', '--mo')).toEqual(['--model']);
    expect(await completions('comput3', '--no-s')).toEqual(['--no-stream', '--no-save']);
    expect(await completions('comput3', '-m', '')).toEqual([...KNOWN_MODELS]);
    expect(await completions('comput3', 'roles', '')).toEqual(['list', 'show', 'edit', 'rm']);
    expect(await completions('comput3', '--r')).toEqual([
      '--role',
      '--reasoning',
      '--raw',
      '--retries',
    ]);
    expect(await completions('comput3', 'chat', '--model', 'qwen3')).toEqual([
      'qwen3-coder:480b',
      'qwen3-max',
    ]);
  });

  test('each command is offered only the flags it takes', async () => {
    expect(await completions('comput3', 'models', '--r')).toEqual(['--remote', '--retries']);
    expect(await completions('comput3', 'logs', '--')).toEqual([
      '--limit',
      '--model',
      '--json',
      '--help',
      '--version',
    ]);
    expect(await completions('comput3', 'keys', '--')).toEqual(['--help', '--version']);
    // An option's value is not the command: this is `models`, asked with a model.
    expect(await completions('comput3', '--base-url', 'http://x', 'models', '--re')).toEqual([
      '--remote',
      '--retries',
    ]);
    // A prompt takes what asking takes, and no command's own flag.
    expect(await completions('comput3', 'why', '--li')).toEqual([]);
    expect(await completions('comput3', 'why', '--no-st')).toEqual(['--no-stream']);
  });

  test("each command's actions, and config's settings", async () => {
    expect(await completions('comput3', 'logs', '')).toEqual(['list', 'show', 'search', 'rm']);
    expect(await completions('comput3', 'config', 'set', '')).toEqual([
      'model',
      'base-url',
      'timeout',
      'retries',
      'proxy',
      'ca-file',
    ]);
    expect(await completions('comput3', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
  });

  test('a hostile conversation name completes as quoted text and runs nothing', async () => {
    const h = home();
    const logs = join(h.data, 'comput3', 'conversations');
    mkdirSync(logs, { recursive: true });
    writeFileSync(join(logs, `${HOSTILE}.jsonl`), '');
    writeFileSync(join(logs, 'two\nlines.jsonl'), '');
    const cwd = mkdtempSync(join(tmpdir(), 'comput3-tab-'));
    expect(await completionsIn(h.env, cwd, 'comput3', 'logs', 'show', '')).toEqual([
      '\\$\\(touch\\$\\{IFS\\}PWNED\\)',
    ]);
    expect(await completionsIn(h.env, cwd, 'comput3', 'logs', 'show', '$(t')).toHaveLength(1);
    expect(existsSync(join(cwd, 'PWNED'))).toBe(false);
  });

  const hasFish = spawnSync('fish', ['-c', 'exit 0']).status === 0;
  test.skipIf(!hasFish && !process.env.CI)(
    'fish offers each command only its flags (asked with complete -C)',
    async () => {
      const h = home();
      const script = (await run(['completion', 'fish'], h.env)).stdout;
      const ask = (line: string) =>
        execFileSync('fish', ['--no-config', '-c', `${script}\ncomplete -C '${line}'`], {
          encoding: 'utf8',
          env: h.env,
        })
          .split('\n')
          .filter(Boolean)
          .map((entry) => entry.split('\t')[0]);
      expect(ask('comput3 models --')).toEqual(
        expect.arrayContaining(['--remote', '--base-url', '--help']),
      );
      expect(ask('comput3 models --')).not.toContain('--temperature');
      expect(ask('comput3 --')).toContain('--temperature');
      expect(ask('comput3 --')).not.toContain('--remote');
      expect(ask('comput3 -m kimi-k2 logs --')).toEqual(
        expect.arrayContaining(['--limit', '--json']),
      );
      expect(ask('comput3 -m kimi-k2 logs --')).not.toContain('--offline');
    },
  );

  test('zsh and fish scripts are printed; an unknown shell is a usage error', async () => {
    const h = home();
    expect((await run(['completion', 'zsh'], h.env)).stdout).toMatch(/^#compdef comput3/);
    expect((await run(['completion', 'fish'], h.env)).stdout).toContain(
      'complete -c comput3 -n "contains -- (__comput3_command) prompt chat logs batch" -l model -s m -x',
    );
    const bad = await run(['completion', 'powershell'], h.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'comput3: Usage: comput3 completion bash|zsh|fish (not "powershell")\n',
    );
  });
});

/**
 * The scripts in the shells themselves, as a person uses them: an interactive bash, zsh and
 * fish in a pseudo-terminal, with comput3 on PATH, the script loaded, and Tab pressed.
 */
describe.each([
  ['bash', ['bash', '--norc', '--noprofile', '-i'], 'eval "$(comput3 completion bash)"'],
  [
    'zsh',
    ['zsh', '-f', '-i'],
    'autoload -Uz compinit && compinit -u && source <(comput3 completion zsh)',
  ],
  ['fish', ['fish', '--no-config'], 'comput3 completion fish | source'],
] as const)('in a real %s', (shell, command, load) => {
  const installed = spawnSync(shell, ['-c', 'exit 0']).status === 0;
  test.skipIf(!installed && !process.env.CI)(
    'model ids with colons, role names, conversation ids, MCP servers and folders complete',
    async () => {
      const h = home({ TERM: 'xterm', PS1: '$ ' });
      // comput3 on PATH, as `pnpm cli:install` puts it.
      const bin = join(h.data, 'bin');
      mkdirSync(bin, { recursive: true });
      symlinkSync(BIN_SCRIPT, join(bin, 'comput3'));
      const roles = join(h.config, 'comput3', 'roles');
      mkdirSync(roles, { recursive: true });
      writeFileSync(join(roles, 'reviewer.md'), '---\ndescription: reviews\n---\nYou review.\n');
      writeFileSync(
        join(h.config, 'comput3', 'mcp.json'),
        JSON.stringify({ mcpServers: { notebook: { command: 'node', args: ['x.js'] } } }),
      );
      const logs = join(h.data, 'comput3', 'conversations');
      mkdirSync(logs, { recursive: true });
      writeFileSync(
        join(logs, '20261203-101010-abcd.jsonl'),
        '{"type":"start","id":"20261203-101010-abcd","at":"2026-12-03T10:10:10Z","model":"kimi-k2"}\n',
      );
      writeFileSync(join(logs, `${HOSTILE}.jsonl`), '');
      const project = join(h.data, 'project');
      mkdirSync(join(project, 'src'), { recursive: true });
      const term = startPtyProgram([...command], {
        ...h.env,
        PATH: `${bin}:${process.env.PATH}`,
        PWD: project,
      });
      try {
        term.type(`cd ${project}; ${load}; echo READY\r`);
        await term.waitFor(/^READY/m, 20_000);
        term.type('comput3 -m qwen3-c\t');
        await term.waitFor('comput3 -m qwen3-coder:480b');
        term.type(' -r rev\t');
        await term.waitFor(/-r reviewer/);
        term.type(' -f sr\t');
        await term.waitFor(/-f src\//);
        term.type('\x15'); // Ctrl-U: a fresh line
        term.type('comput3 logs show 2026\t');
        await term.waitFor('logs show 20261203-101010-abcd');
        term.type('\x15comput3 --mcp note\t');
        await term.waitFor('--mcp notebook');
        term.type('\x15comput3 mcp remove no\t');
        await term.waitFor('mcp remove notebook');
        term.type('\x15comput3 help lo\t');
        await term.waitFor('help logs');
        // A command's own flag completes after that command.
        term.type('\x15comput3 models --rem\t');
        await term.waitFor('models --remote');
        // A conversation named to run a command when expanded: Tab offers it, runs nothing.
        term.type('\x15comput3 logs show \t\t\x15echo TABBED\r');
        await term.waitFor(/^TABBED/m);
        expect(existsSync(join(project, 'PWNED'))).toBe(false);
        term.type('\x15exit\r');
        await term.done;
      } finally {
        term.kill();
      }
    },
    60_000,
  );
});
