// Runs the turbo build a root command needs, quietly: a cache hit takes a moment and prints
// nothing; a real build (the first run, or after a change) says once what is happening and
// about how long it takes, so a newcomer is not left looking at a silent terminal. Its output is
// shown only if it fails.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const turbo = fileURLToPath(new URL('../node_modules/.bin/turbo', import.meta.url));

/**
 * Builds `filter` (a turbo filter such as `@comput3/demo...`, or several). `what` names it for the line
 * shown when the build takes more than a moment, with `about` (e.g. "about a minute").
 */
export function buildFirst(filter, what, about, name) {
  return new Promise((resolve) => {
    const child = spawn(
      turbo,
      ['run', 'build', ...[filter].flat().map((f) => `--filter=${f}`), '--output-logs=errors-only'],
      {
        cwd: root,
        env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const started = Date.now();
    // A cache hit is done well within this; anything longer is a real build.
    const slow = setTimeout(
      () => process.stderr.write(`${name}: building ${what} (${about} the first time)…\n`),
      1500,
    );
    child.on('close', (code) => {
      clearTimeout(slow);
      if (code !== 0) {
        process.stderr.write(output);
        process.stderr.write(`${name}: the build failed (above); fix it, then try again.\n`);
        process.exit(code ?? 1);
      }
      if (Date.now() - started > 1500)
        process.stderr.write(`${name}: built in ${Math.round((Date.now() - started) / 1000)} s.\n`);
      resolve();
    });
  });
}
