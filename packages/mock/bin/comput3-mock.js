#!/usr/bin/env node
// The bin exists before the build, so that `pnpm install` can link it in a fresh clone; the
// program is dist/cli.js (`pnpm build`).
import('../dist/cli.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('cli.js')) {
    process.stderr.write('comput3-mock: not built yet: run `pnpm build` first.\n');
    process.exit(1);
  }
  throw error;
});
