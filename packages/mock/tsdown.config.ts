import { libraryBuild } from '../../scripts/lib/tsdown-package.mjs';

// `#cl100k` (the tokenizer's data, 1.2 MB) is loaded at run time from its own file, never
// bundled into the entries that import it.
const deps = { neverBundle: [/^node:/, '#cl100k'] };

// `shims` gives the CommonJS build the `import.meta.url` that spawnMockServer() finds the
// program by. The program itself (`cli`, imported by bin/comput3-mock.js) is ESM only: it
// awaits at the top level. `pnpm build` empties dist first; the builds share it.
export default [
  libraryBuild(
    { index: 'src/index.ts', tokens: 'src/reply/tokens.ts', testing: 'src/testing.ts' },
    { shims: true, clean: false, deps },
  ),
  libraryBuild({ cli: 'src/cli.ts' }, { format: ['esm'], dts: false, clean: false, deps }),
  // gpt-tokenizer's cl100k_base encoding, bundled (it is a devDependency): an install carries
  // this one encoding, not the package's 28 MB. One CommonJS file, which the ESM build imports
  // too, so the 1.2 MB is shipped once. No source map: its sources are not ours to ship.
  libraryBuild(
    { cl100k: 'src/reply/cl100k.ts' },
    { clean: false, dts: false, sourcemap: false, format: ['cjs'] },
  ),
];
