// The AI SDK 7 needs Node ≥ 22. The workspace runs on Node 20, so the tests run on Node 22 from
// the npm `node` package (fetched once by npx, then cached), as the packaging checks do.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const major = Number(process.versions.node.split('.')[0]);
const [cmd, args] =
  major >= 22 ? [process.execPath, [vitest, 'run']] : ['npx', ['-y', 'node@22', vitest, 'run']];
const result = spawnSync(cmd, args, {
  stdio: 'inherit',
  cwd: fileURLToPath(new URL('..', import.meta.url)),
});
process.exit(result.status ?? 1);
