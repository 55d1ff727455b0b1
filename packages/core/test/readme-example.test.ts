// The README's agent example, run as written: a copy that drifts from the code fails here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { expect, test } from 'vitest';

test('the agent example in the README runs offline and prints its steps', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = /<!-- example: agent -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeTruthy();
  // Written inside the package, so that @comput3/core (itself) and @comput3/mock resolve.
  const dir = mkdtempSync(join(new URL('..', import.meta.url).pathname, '.example-'));
  try {
    const file = join(dir, 'agent.mjs');
    writeFileSync(file, transformSync(block!, { loader: 'ts', format: 'esm' }).code);
    const out = execFileSync(process.execPath, [file], { encoding: 'utf8', timeout: 30_000 });
    expect(out).toMatch(/^→ get_weather\(\{"city":"[^"]+"\}\)$/m);
    expect(out).toContain('← {"city":');
    expect(out).toContain('**get_weather** returned: {"city":');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
