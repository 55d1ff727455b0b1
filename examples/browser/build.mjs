// Bundles the page's script, as any bundler would (Vite, webpack, esbuild): the browser build of
// @comput3/core, which leaves out what only Node uses.
import { build } from 'esbuild';

await build({
  entryPoints: ['page/chat.ts'],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  outfile: 'public/chat.js',
  logLevel: 'warning',
});
