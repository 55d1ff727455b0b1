// One provider for `ai` 6 and `ai` 7: the tests run against both. `ai` 7 needs Node >= 22, so
// it runs on Node 22 from the npm `node` package (fetched once by npx, then cached) when this
// Node is older, as the packaging checks do; `ai` 6 runs on this Node (20 in CI).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const cwd = fileURLToPath(new URL('..', import.meta.url));
const major = Number(process.versions.node.split('.')[0]);
const runs = [
  [
    'ai 7',
    ...(major >= 22
      ? [process.execPath, [vitest, 'run']]
      : ['npx', ['-y', 'node@22', vitest, 'run']]),
    {},
  ],
  ['ai 6', process.execPath, [vitest, 'run'], { AI_SDK: '6' }],
];
for (const [name, cmd, args, env] of runs) {
  console.log(`\n@comput3/ai-sdk tests with ${name}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd, env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
