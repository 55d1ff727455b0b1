#!/usr/bin/env node
// The bin exists before the build, so that `pnpm install` can link it in a fresh clone; the
// program is the bundle in dist/ (`pnpm build`).
import('../dist/comput3.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('comput3.js')) {
    process.stderr.write('comput3: not built yet: run `pnpm build` (or `pnpm comput3 …`) first.\n');
    process.exit(1);
  }
  throw error;
});
