// `pnpm comput3 …`: the CLI from this checkout. Builds it first through turbo (a cache hit
// when nothing changed; its output is shown only if the build fails, so the screen and stdout
// carry only the answer), then runs the built bin with the arguments given.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const turbo = fileURLToPath(new URL('../node_modules/.bin/turbo', import.meta.url));
const bin = fileURLToPath(new URL('../apps/cli/bin/comput3.js', import.meta.url));
if (!existsSync(new URL('../apps/cli/dist/comput3.js', import.meta.url))) {
  process.stderr.write('pnpm comput3: building the CLI from this checkout (once)…\n');
}
const built = spawnSync(
  turbo,
  ['run', 'build', '--filter=@comput3/cli...', '--output-logs=errors-only'],
  { cwd: root, encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
);
if (built.status !== 0) {
  process.stderr.write(`${built.stdout}${built.stderr}`);
  process.stderr.write('pnpm comput3: the build failed (above); fix it, then try again.\n');
  process.exit(built.status ?? 1);
}
// Ctrl-C reaches the CLI too (same terminal); it decides what to do, and we wait for its exit.
process.on('SIGINT', () => {});
const cli = spawn(process.execPath, [bin, ...process.argv.slice(2)], { stdio: 'inherit' });
cli.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
