// Bundles the CLI so it starts fast: no module resolution across packages at start-up, and no
// dependencies to install but one optional native binding, the OS keychain's (without it, keys
// go to a 0600 file). Code splitting keeps
// what is used rarely in chunks of its own, loaded on first use: the commands other than a
// prompt, and @comput3/mock with its tokenizer, which only --offline loads.
import { readFile, rm } from 'node:fs/promises';
import { build } from 'esbuild';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const outdir = new URL('../dist/', import.meta.url).pathname;
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { comput3: new URL('../src/main.ts', import.meta.url).pathname },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  // A native binding cannot be bundled: it is an optional dependency, loaded from node_modules.
  external: ['@napi-rs/keyring'],
  target: 'node20',
  format: 'esm',
  minify: false,
  sourcemap: false,
  // CommonJS dependencies of the mock (ajv) call require(); an ES module has none of its own.
  banner: {
    js: "import { createRequire as __comput3Require } from 'node:module'; const require = __comput3Require(import.meta.url);",
  },
  define: { __VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
