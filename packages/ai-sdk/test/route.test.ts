// The README's route handler, run as written against the mock through the default provider.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startMockServer } from '@comput3/mock';
import { transformSync } from 'esbuild';
import { expect, test } from 'vitest';

test('the README route handler streams a UI message stream', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = /<!-- example: route -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeTruthy();
  const mock = await startMockServer();
  const dir = mkdtempSync(join(new URL('..', import.meta.url).pathname, '.route-'));
  const saved = { key: process.env.COMPUT3_API_KEY, url: process.env.COMPUT3_BASE_URL };
  process.env.COMPUT3_API_KEY = 'sk-route-test';
  process.env.COMPUT3_BASE_URL = mock.url;
  try {
    const file = join(dir, 'route.mjs');
    // The example imports @comput3/ai-sdk by name: point it at this package's build.
    const code = transformSync(block!, { loader: 'ts', format: 'esm' }).code.replace(
      "'@comput3/ai-sdk'",
      JSON.stringify(new URL('../dist/index.js', import.meta.url).href),
    );
    writeFileSync(file, code);
    const { POST } = await import(pathToFileURL(file).href);
    const res: Response = await POST(
      new Request('http://localhost/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          messages: [{ id: '1', role: 'user', parts: [{ type: 'text', text: 'hello route' }] }],
        }),
      }),
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"type":"text-delta"');
    const said = text
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice(6)))
      .filter((part) => part.type === 'text-delta')
      .map((part) => part.delta)
      .join('');
    expect(said).toContain('Offline mock of kimi-k2');
    expect(text).toContain('"type":"finish"');
  } finally {
    process.env.COMPUT3_API_KEY = saved.key;
    process.env.COMPUT3_BASE_URL = saved.url;
    if (saved.key === undefined) delete process.env.COMPUT3_API_KEY;
    if (saved.url === undefined) delete process.env.COMPUT3_BASE_URL;
    rmSync(dir, { recursive: true, force: true });
    await mock.close();
  }
});
