// The size check: @comput3/core as an app would ship it (its dependencies included, minified,
// gzipped) must stay under LIMIT. Bundles a program that uses the client, so what a tree-shaker
// keeps is what is measured.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const LIMIT = 10_000;
const entry = `
import { Comput3 } from '@comput3/core';
const client = new Comput3({ apiKey: 'k' });
const stream = await client.chat.completions.create({ model: 'kimi-k2', messages: [{ role: 'user', content: 'hi' }], stream: true });
for await (const text of stream.text()) console.log(text);
console.log(await client.models.list());
`;
const result = await build({
  stdin: { contents: entry, resolveDir: new URL('..', import.meta.url).pathname, loader: 'js' },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  logLevel: 'error',
});
const code = result.outputFiles[0].contents;
const gzipped = gzipSync(code, { level: 9 }).length;
const verdict = gzipped <= LIMIT ? 'ok' : 'TOO LARGE';
console.log(
  `@comput3/core bundle: ${code.length} B minified, ${gzipped} B gzipped (limit ${LIMIT} B) ${verdict}`,
);
if (gzipped > LIMIT) process.exit(1);
