import { readFileSync } from 'node:fs';
import { libraryBuild } from '../../scripts/lib/tsdown-package.mjs';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8'));

// `/node` is built on its own: in one build, rolldown's CommonJS output put its runtime helpers
// in node.cjs and had every other chunk require it, which loaded node:fs and node:tls into
// `require('@comput3/core')`. `pnpm build` empties dist first; the two builds share it.
export default [
  // `index.node` is the main entry with the connection-failure reader (diagnose.ts): what the
  // "node" export condition gives Node, Bun and Deno; browsers get `index` without it.
  libraryBuild(
    {
      index: 'src/index.ts',
      'index.node': 'src/index.node.ts',
      'tools/index': 'src/tools/index.ts',
      'limiter/index': 'src/limiter/index.ts',
      'mcp/index': 'src/mcp/index.ts',
      'operations/index': 'src/operations/index.ts',
    },
    { clean: false },
  ),
  libraryBuild({ node: 'src/node.ts' }, { clean: false }),
  // `/otel` imports nothing of the SDK's at run time (its types only), and @opentelemetry/api
  // stays the app's: built on its own, it is a few hundred bytes.
  libraryBuild(
    { 'otel/index': 'src/otel/index.ts' },
    { clean: false, define: { __COMPUT3_CORE_VERSION__: JSON.stringify(version) } },
  ),
];
