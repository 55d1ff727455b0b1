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
// The same app with the tool runner and structured output, from their own subpath.
const withTools = `${entry}
import { runTools, parse } from '@comput3/core/tools';
console.log(await runTools(client, { model: 'kimi-k2', messages: [], tools: [] }).done());
console.log(await parse(client, { model: 'kimi-k2', messages: [], schema: {} }));
`;

async function size(contents) {
  const result = await build({
    stdin: { contents, resolveDir: new URL('..', import.meta.url).pathname, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

const main = await size(entry);
const tools = await size(withTools);
const verdict = main.gzipped <= LIMIT ? 'ok' : 'TOO LARGE';
console.log(
  `@comput3/core bundle: ${main.minified} B minified, ${main.gzipped} B gzipped (limit ${LIMIT} B) ${verdict}`,
);
console.log(
  `with @comput3/core/tools: ${tools.gzipped} B gzipped (+${tools.gzipped - main.gzipped} B for runTools and parse)`,
);
if (main.gzipped > LIMIT) process.exit(1);
