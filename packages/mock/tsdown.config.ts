import { libraryBuild } from '../../scripts/lib/tsdown-package.mjs';

// `shims` gives the CommonJS build the `import.meta.url` that spawnMockServer() finds the
// program by. The program itself (`cli`, imported by bin/comput3-mock.js) is ESM only: it
// awaits at the top level. `pnpm build` empties dist first; the two builds share it.
export default [
  libraryBuild({ index: 'src/index.ts' }, { shims: true, clean: false }),
  libraryBuild({ cli: 'src/cli.ts' }, { format: ['esm'], dts: false, clean: false }),
];
