// Every prompt this project shows (READMEs, the CLI's help, the guides, the examples, the web
// chat's suggestions) gets a real answer offline: collected from those files, so a prompt
// added to any of them is checked too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { composeReply } from '../../src/reply/compose.js';

const ROOT = new URL('../../../../', import.meta.url).pathname;
const SKIP = new Set([
  'node_modules',
  'dist',
  '.next',
  '.turbo',
  'test',
  'test-output',
  '.vitepress',
]);

function files(dir: string, keep: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name) || name.startsWith('.')) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, keep) : keep.test(name) ? [path] : [];
  });
}

const SOURCES = [
  join(ROOT, 'README.md'),
  ...files(join(ROOT, 'apps/cli'), /^(README\.md|help\.ts)$/),
  ...files(join(ROOT, 'packages'), /^README\.md$/),
  ...files(join(ROOT, 'docs/guide'), /\.md$/),
  ...files(join(ROOT, 'examples'), /^(?!.*\.test\.).*\.(md|ts|tsx|mjs|sh)$/),
  join(ROOT, 'apps/demo/client/index.html'),
];

/** The prompts a file shows: comput3's quoted prompt, ask('…'), a user message, a suggestion. */
function promptsIn(text: string): string[] {
  const found = [
    // A prompt given MCP tools is answered with a tool call, tested in the CLI's MCP tests.
    ...[...text.matchAll(/\bcomput3\b[^\n"|]*"([^"$\n]{3,120})"/g)]
      .filter((m) => !/mcp/i.test(m[0]))
      .map((m) => m[1]!),
    ...[...text.matchAll(/\bask\(\s*(['"`])([^'"`\n]{3,120})\1/g)].map((m) => m[2]!),
    ...[...text.matchAll(/role: 'user',\s*content: (['"`])([^'"`\n$]{3,120})\1/g)].map(
      (m) => m[2]!,
    ),
    ...[...text.matchAll(/class="suggestion"[^>]*>\s*([^<]{3,120}?)\s*</g)].map((m) => m[1]!),
  ];
  // Not prompts: a shell path, flag values, a tool-calling request (answered with tool calls).
  return found.filter((p) => !/^[-/$]|^\w+:\d|Use [a-z]+_\w+|^prompt$/.test(p));
}

const shown = new Map<string, string>();
for (const file of SOURCES) {
  for (const prompt of promptsIn(readFileSync(file, 'utf8'))) {
    if (!shown.has(prompt)) shown.set(prompt, relative(ROOT, file));
  }
}

test('the project shows at least the prompts its READMEs and help open with', () => {
  for (const prompt of [
    'Explain SSE in one paragraph',
    'Write a commit message for this diff',
    'Name three uses of a Bloom filter',
    'And in French?',
    'Say hello',
  ]) {
    expect([...shown.keys()]).toContain(prompt);
  }
});

test.each([...shown])('"%s" (%s) gets a real answer offline', (prompt) => {
  const reply = composeReply('kimi-k2', [{ role: 'user', content: prompt }]);
  expect(reply.kind, reply.text.slice(0, 300)).not.toBe('unknown');
});
