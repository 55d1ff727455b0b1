// Roles: Markdown files with front matter in the config folder, applied with -r/--role.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { home, run, type Home } from './run.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ recordBodies: true });
});
afterAll(() => mock.close());

const online = (extra: NodeJS.ProcessEnv = {}) =>
  home({ COMPUT3_API_KEY: 'sk-roles', COMPUT3_BASE_URL: mock.url, ...extra });
const lastBody = () => mock.requests.at(-1)!.body as Record<string, unknown>;

function addRole(h: Home, name: string, text: string): string {
  const dir = join(h.config, 'comput3', 'roles');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.md`), text);
  return join(dir, `${name}.md`);
}

const REVIEWER = `---
description: Reviews a diff
model: qwen3-coder:480b
temperature: 0.2
max_tokens: 300
---
You review code. Point at the lines that matter.
`;

describe('roles', () => {
  test('--role sends its system prompt, model and settings; flags win over it', async () => {
    const h = online();
    addRole(h, 'reviewer', REVIEWER);
    expect((await run(['-r', 'reviewer', 'look at this'], h.env)).code).toBe(0);
    expect(lastBody()).toMatchObject({
      model: 'qwen3-coder:480b',
      temperature: 0.2,
      max_tokens: 300,
      messages: [
        { role: 'system', content: 'You review code. Point at the lines that matter.' },
        { role: 'user', content: 'look at this' },
      ],
    });
    await run(['--role', 'reviewer', '-m', 'kimi-k2', '--temperature', '1', 'again'], h.env);
    expect(lastBody()).toMatchObject({ model: 'kimi-k2', temperature: 1, max_tokens: 300 });
  });

  test('roles list, show and rm', async () => {
    const h = online();
    addRole(h, 'reviewer', REVIEWER);
    addRole(h, 'terse', 'Answer in one sentence.\n');
    expect((await run(['roles'], h.env)).stdout).toBe(
      'reviewer  Reviews a diff · qwen3-coder:480b\nterse     \n',
    );
    expect((await run(['roles', 'show', 'reviewer'], h.env)).stdout).toBe(REVIEWER);
    expect((await run(['roles', 'rm', 'terse'], h.env)).stdout).toBe('Deleted role terse.\n');
    expect((await run(['roles', 'list'], h.env)).stdout).toMatch(/^reviewer /);
  });

  test('roles edit opens $EDITOR on a template and checks what was saved', async () => {
    const h = online();
    // An "editor" that writes a role, as a person would in vi.
    const editor = `sh -c 'printf "%s\\n" "---" "model: kimi-k2" "---" "Be brief." > "$1"' editor`;
    const r = await run(['roles', 'edit', 'brief'], { ...h.env, EDITOR: editor });
    expect(r.stdout).toMatch(/^Saved role brief \(.*brief\.md\)\.\n$/);
    const path = join(h.config, 'comput3', 'roles', 'brief.md');
    expect(readFileSync(path, 'utf8')).toBe('---\nmodel: kimi-k2\n---\nBe brief.\n');
    // An editor that saves the template unchanged makes no role.
    const none = await run(['roles', 'edit', 'nothing'], { ...h.env, EDITOR: 'true' });
    expect(none.stdout).toBe('Role nothing not made: the template was left unchanged.\n');
    expect(existsSync(join(h.config, 'comput3', 'roles', 'nothing.md'))).toBe(false);
  });

  test.each([
    [
      'a missing role',
      undefined,
      ['-r', 'nope', 'x'],
      'No role "nope" (there are: reviewer). Create it with: comput3 roles edit nope',
    ],
    [
      'a bad name',
      undefined,
      ['-r', '../etc', 'x'],
      '"../etc" is not a role name: use letters, digits, ".", "_" and "-", as in code-review.',
    ],
    [
      'a bad field',
      '---\ntemperature: hot\n---\nx\n',
      ['-r', 'bad', 'x'],
      'bad.md: temperature must be a number from 0 to 2, got "hot".',
    ],
    [
      'an unknown field',
      '---\ncolour: red\n---\nx\n',
      ['-r', 'bad', 'x'],
      'bad.md: unknown field "colour"; a role has description, model, temperature and max_tokens.',
    ],
  ])('%s: one line, exit 2, nothing sent', async (_name, file, args, message) => {
    const h = online();
    addRole(h, 'reviewer', REVIEWER);
    if (file) addRole(h, 'bad', file);
    const before = mock.requests.length;
    const r = await run(args, h.env);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
    expect(mock.requests.length).toBe(before);
  });
});
