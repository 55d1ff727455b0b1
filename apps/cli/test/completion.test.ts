// The bash completion, loaded into a real bash and asked, as a shell would ask it.
import { execFileSync } from 'node:child_process';
import { KNOWN_MODELS } from '@comput3/core';
import { describe, expect, test } from 'vitest';
import { home, run } from './run.js';

async function completions(...words: string[]): Promise<string[]> {
  const script = (await run(['completion', 'bash'], home().env)).stdout;
  const out = execFileSync(
    'bash',
    [
      '-c',
      `${script}
COMP_WORDS=("$@"); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _comput3
printf '%s\\n' "\${COMPREPLY[@]}"`,
      'bash',
      ...words,
    ],
    { encoding: 'utf8' },
  );
  return out.split('\n').filter(Boolean);
}

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
      'help',
    ]);
    expect(await completions('comput3', '--mo')).toEqual(['--model']);
    expect(await completions('comput3', '--no-s')).toEqual(['--no-stream', '--no-save']);
    expect(await completions('comput3', '-m', '')).toEqual([...KNOWN_MODELS]);
    expect(await completions('comput3', 'roles', '')).toEqual(['list', 'show', 'edit', 'rm']);
    expect(await completions('comput3', '--r')).toEqual([
      '--role',
      '--raw',
      '--retries',
      '--remote',
    ]);
    expect(await completions('comput3', 'chat', '--model', 'qwen3')).toEqual([
      'qwen3-coder:480b',
      'qwen3-max',
    ]);
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

  test('zsh and fish scripts are printed; an unknown shell is a usage error', async () => {
    const h = home();
    expect((await run(['completion', 'zsh'], h.env)).stdout).toMatch(/^#compdef comput3/);
    expect((await run(['completion', 'fish'], h.env)).stdout).toContain(
      'complete -c comput3 -l model -s m -r',
    );
    const bad = await run(['completion', 'powershell'], h.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'comput3: Usage: comput3 completion bash|zsh|fish (not "powershell")\n',
    );
  });
});
