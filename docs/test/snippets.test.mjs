// Every code block of the READMEs and the guides is type-checked, and run against the mock
// unless its page says it cannot run offline (scripts/snippets.mjs says how pages mark that).
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { promisify } from 'node:util';
import { startMockServer } from '@comput3/mock';
import { transformSync } from 'esbuild';
import { allSnippets } from '../scripts/snippets.mjs';

const run = promisify(execFile);
const DIR = new URL('../.snippets/', import.meta.url).pathname;
const snippets = allSnippets().map((s) => ({
  ...s,
  name: `${s.page.replace(/[^\w]+/g, '-')}-L${s.line}`,
}));

rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });
for (const s of snippets) {
  // `export {}` makes each block a module of its own (top-level await, no shared names).
  const ext = s.lang === 'js' ? 'mjs' : s.lang;
  s.file = join(DIR, `${s.name}.${ext}`);
  writeFileSync(s.file, s.lang === 'cjs' ? s.code : `${s.code}\nexport {};\n`);
}
writeFileSync(
  join(DIR, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../tsconfig.base.json',
    // A snippet shows one thing: a value it makes and does not use again is no mistake there.
    compilerOptions: {
      noEmit: true,
      types: ['node'],
      jsx: 'react-jsx',
      allowJs: false,
      noUnusedLocals: false,
      noUnusedParameters: false,
    },
    include: ['*.ts', '*.tsx'],
  }),
);

let mock;
before(async () => {
  mock = await startMockServer({ pace: 'instant' });
});
after(async () => {
  await mock?.close();
});

test(`the ${snippets.length} snippets are found, from the READMEs and the guides`, () => {
  assert.ok(snippets.length >= 30, `only ${snippets.length} snippets found`);
  assert.ok(snippets.some((s) => s.page.startsWith('docs/')));
});

test('every TypeScript snippet type-checks', async () => {
  const tsc = join(new URL('..', import.meta.url).pathname, 'node_modules/typescript/bin/tsc');
  const result = await run(process.execPath, [tsc, '-p', DIR], { encoding: 'utf8' }).catch(
    (error) => error,
  );
  if (result.code === undefined) return;
  // file(line,col): error … → the page and the line in it (the setup's lines come first).
  const where = (out) =>
    out.replace(/^(\S+?)\((\d+),\d+\)/gm, (all, file, line) => {
      const s = snippets.find((x) => file.endsWith(`${x.name}.${x.lang}`));
      if (!s) return all;
      const setupLines = s.code.split('\n').length - s.body.split('\n').length;
      return `${s.page}:${s.line + Number(line) - setupLines}`;
    });
  assert.fail(`snippets do not type-check:\n${where(result.stdout)}`);
});

for (const s of snippets.filter((x) => x.run)) {
  test(`${s.page}:${s.line} runs offline`, async () => {
    // CommonJS runs as written; the rest is stripped of its types by esbuild first.
    const file = s.lang === 'cjs' ? s.file : s.file.replace(/\.\w+$/, '.run.mjs');
    if (s.lang !== 'cjs')
      writeFileSync(
        file,
        transformSync(readFileSync(s.file, 'utf8'), { loader: s.lang, format: 'esm' }).code,
      );
    const { stdout } = await run(process.execPath, [file], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, COMPUT3_API_KEY: 'offline', COMPUT3_BASE_URL: mock.url },
    }).catch((error) => {
      if (error.killed)
        error.message = `did not finish in 60 s (something left open?)\n${error.message}`;
      throw error;
    });
    if (s.prints) assert.ok(stdout.includes(s.prints), `expected "${s.prints}" in:\n${stdout}`);
  });
}
