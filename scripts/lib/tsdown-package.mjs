// The build every published library shares (api, core, mock, ai-sdk, batch): ESM and CommonJS from one
// tsdown run, each with its own types (.d.ts, .d.cts) and source maps. Dependencies stay
// external, so a CommonJS app loads its dependencies' CommonJS builds too, and each format
// throws the error classes its own callers import (no dual-package hazard). Node's modules are
// the runtime's. CommonJS callers take named exports (`require('@comput3/core').Comput3`).
import { defineConfig } from 'tsdown';

export const libraryBuild = (entry, extra = {}) =>
  defineConfig({
    entry,
    format: ['esm', 'cjs'],
    platform: 'neutral',
    target: 'es2022',
    dts: { sourcemap: true },
    sourcemap: true,
    outDir: 'dist',
    clean: true,
    tsconfig: 'tsconfig.build.json',
    deps: { neverBundle: [/^node:/] },
    // `import()` becomes `require()` in the CommonJS build: Jest runs tests in a vm that has no
    // dynamic import without --experimental-vm-modules (the mock loads its tokenizer lazily).
    outputOptions: (options, format) =>
      format === 'cjs'
        ? { ...options, exports: 'named', dynamicImportInCjs: false }
        : { ...options, exports: 'named' },
    ...extra,
  });
