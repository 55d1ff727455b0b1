// `pnpm docs`: the whole site, from the source, in four steps.
//  1. the SDK reference: TypeDoc over every published package (every export documented, or fail);
//  2. the HTTP reference: Redocly's page, built from the spec by @comput3/api's build;
//  3. the screenshots: from the real demo and CLI (scripts/screenshots.mjs);
//  4. VitePress: the guides, the reference pages and the local search index.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { screenshots } from './screenshots.mjs';

const here = new URL('..', import.meta.url).pathname;
// The packages' own bins, from this package's node_modules (their exports do not list them).
const bin = (pkg, path) => `${here}node_modules/${pkg}/${path}`;
const started = performance.now();
const step = async (name, run) => {
  const t = performance.now();
  await run();
  console.log(`docs: ${name} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
};

await step('SDK reference (TypeDoc)', () => {
  rmSync(`${here}reference`, { recursive: true, force: true });
  execFileSync(process.execPath, [bin('typedoc', 'bin/typedoc'), '--logLevel', 'Warn'], {
    cwd: here,
    stdio: 'inherit',
  });
});
await step('HTTP reference (Redocly)', () => {
  const page = `${here}../packages/api/docs/index.html`;
  if (!existsSync(page))
    throw new Error(`${page} is missing: build @comput3/api first (pnpm build).`);
  mkdirSync(`${here}public/http-api`, { recursive: true });
  copyFileSync(page, `${here}public/http-api/index.html`);
});
await step('screenshots', screenshots);
await step('site (VitePress)', () => {
  execFileSync(process.execPath, [bin('vitepress', 'bin/vitepress.js'), 'build'], {
    cwd: here,
    stdio: 'inherit',
  });
});
console.log(
  `docs: built in ${((performance.now() - started) / 1000).toFixed(1)} s → docs/.vitepress/dist`,
);
