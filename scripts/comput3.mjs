// `pnpm comput3 …`: the CLI from this checkout. Builds it first through turbo (a cache hit
// when nothing changed), with turbo's output on stderr so that stdout carries only the answer,
// then runs the built bin with the arguments given.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const turbo = fileURLToPath(new URL('../node_modules/.bin/turbo', import.meta.url));
const built = spawnSync(
  turbo,
  ['run', 'build', '--filter=@comput3/cli...', '--output-logs=errors-only', '--log-prefix=none'],
  { cwd: root, stdio: ['ignore', 2, 2], env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
);
if (built.status !== 0) {
  process.stderr.write('pnpm comput3: the build failed (above); fix it, then try again.\n');
  process.exit(built.status ?? 1);
}
// Ctrl-C reaches the CLI too (same terminal); it decides what to do, and we wait for its exit.
process.on('SIGINT', () => {});
const cli = spawn(
  process.execPath,
  [fileURLToPath(new URL('../apps/cli/bin/comput3.js', import.meta.url)), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
cli.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
