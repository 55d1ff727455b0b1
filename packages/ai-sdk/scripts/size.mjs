// The provider's size on top of @comput3/core: an app that calls streamText through it, minus
// the same app calling core directly, minified and gzipped. Budget: 3.7 kB (3 kB until the
// provider took @ai-sdk/provider 3 to serve `ai` 6 too: its APICallError and NoSuchModelError
// bundle to 1,758 B gzipped against 935 B in provider 4; 3.5 kB until doStream pulled, for
// back-pressure, at 53 B more; 3.6 kB until the reasoning parts and the reasoning tokens in the
// usage, at 54 B more). `ai` itself is the app's own dependency and is left out of both.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const LIMIT = 3_700;
const withCore = `
import { Comput3 } from '@comput3/core';
const c = new Comput3({ apiKey: 'k' });
const s = await c.chat.completions.create({ model: 'kimi-k2', messages: [{ role: 'user', content: 'hi' }], stream: true });
for await (const t of s.text()) console.log(t);
console.log(await c.chat.completions.create({ model: 'kimi-k2', messages: [{ role: 'user', content: 'hi' }] }));
`;
const withProvider = `
import { createComput3 } from '@comput3/ai-sdk';
const model = createComput3({ apiKey: 'k' })('kimi-k2');
const prompt = [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }];
console.log(await model.doGenerate({ prompt }));
const { stream } = await model.doStream({ prompt });
for await (const part of stream) console.log(part);
`;
async function size(contents) {
  const result = await build({
    stdin: { contents, resolveDir: new URL('..', import.meta.url).pathname, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'error',
  });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}
const core = await size(withCore);
const provider = await size(withProvider);
const added = provider - core;
console.log(
  `@comput3/ai-sdk adds ${added} B gzipped on top of @comput3/core (${core} B → ${provider} B; limit ${LIMIT} B) ${added <= LIMIT ? 'ok' : 'TOO LARGE'}`,
);
if (added > LIMIT) process.exit(1);
