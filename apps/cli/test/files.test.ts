// -f PATH: files added to the prompt under their names, checked before anything is sent.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { home, run } from './run.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ recordBodies: true });
});
afterAll(() => mock.close());

const online = () => home({ COMPUT3_API_KEY: 'sk-files', COMPUT3_BASE_URL: mock.url });
const sent = () =>
  (mock.requests.at(-1)!.body as { messages: { content: string }[] }).messages.at(-1)!.content;

function folder(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'comput3-files-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

describe('-f PATH', () => {
  test('adds files under their names, in a fence their backticks cannot close', async () => {
    const dir = folder({ 'a.ts': 'export const a = 1;\n', 'notes.md': 'Has ``` inside\n' });
    const r = await run(
      ['-f', join(dir, 'a.ts'), '-f', join(dir, 'notes.md'), 'review these'],
      online().env,
    );
    expect(r.code).toBe(0);
    expect(sent()).toBe(
      `review these\n\n### ${join(dir, 'a.ts')}\n\n\`\`\`ts\nexport const a = 1;\n\`\`\`\n\n### ${join(dir, 'notes.md')}\n\n\`\`\`\`md\nHas \`\`\` inside\n\`\`\`\``,
    );
  });

  test('a folder adds its text files, skipping hidden ones, dependencies and binaries', async () => {
    const dir = folder({
      'src/b.js': 'b\n',
      'src/a.js': 'a\n',
      '.git/config': 'x\n',
      'node_modules/x/index.js': 'x\n',
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]),
    });
    const r = await run(['-f', dir, '--stats', 'what is here'], online().env);
    expect(r.code).toBe(0);
    const content = sent();
    expect(content.match(/^### .*$/gm)).toEqual([
      `### ${join(dir, 'src/a.js')}`,
      `### ${join(dir, 'src/b.js')}`,
    ]);
    expect(r.stderr).toContain(`not sent: ${join(dir, 'logo.png')} (binary)`);
    // With --stats, the tokens the files add (cl100k's count of what was sent).
    expect(r.stderr).toMatch(/^files: 2 files, about \d+ tokens$/m);
  });

  test.each([
    [
      'a missing file',
      (d: string) => join(d, 'nope.txt'),
      /-f .*nope\.txt: no such file or folder\.$/,
    ],
    [
      'a binary file',
      (d: string) => join(d, 'logo.png'),
      /-f .*logo\.png: a binary file, not text; only text files can be sent\.$/,
    ],
    [
      'a file over the limit',
      (d: string) => join(d, 'big.txt'),
      /-f .*big\.txt: 300 KiB is over the 256 KiB limit for a file\. Send a part of it: head -c 200000 .*$/,
    ],
    [
      'a folder with nothing to send',
      (d: string) => join(d, 'empty'),
      /-f .*empty: no text files to send there\.$/,
    ],
  ])('%s: one line, exit 2, nothing sent', async (_name, path, message) => {
    const dir = folder({
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]),
      'big.txt': 'x'.repeat(300 * 1024),
      'empty/.keep': '',
    });
    const before = mock.requests.length;
    const r = await run(['-f', path(dir), 'x'], online().env);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
    expect(mock.requests.length).toBe(before);
  });
});
