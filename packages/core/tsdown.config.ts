import { libraryBuild } from '../../scripts/lib/tsdown-package.mjs';

// `/node` is built on its own: in one build, rolldown's CommonJS output put its runtime helpers
// in node.cjs and had every other chunk require it, which loaded node:fs and node:tls into
// `require('@comput3/core')`. `pnpm build` empties dist first; the two builds share it.
export default [
  libraryBuild({ index: 'src/index.ts', 'tools/index': 'src/tools/index.ts' }, { clean: false }),
  libraryBuild({ node: 'src/node.ts' }, { clean: false }),
];
