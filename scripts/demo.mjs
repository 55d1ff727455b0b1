// `pnpm demo`: builds the demo and what it uses (see build-first.mjs), then runs its server in
// this terminal. Ctrl-C, as the demo suggests, stops it quietly: the server closes and exits 0,
// and this process, which ignores the signal, exits with it.
//
// The key: the demo server reads COMPUT3_API_KEY, as the SDK does (the environment or the
// apiKey option, nothing else). With none set, this script asks the CLI for the key stored by
// `comput3 keys set` (`comput3 keys token`, which writes it into a pipe only) and hands it to
// the server in its environment. With neither, the demo runs offline.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildFirst } from './build-first.mjs';

const server = fileURLToPath(new URL('../apps/demo/dist/server/main.js', import.meta.url));
const cli = fileURLToPath(new URL('../apps/cli/bin/comput3.js', import.meta.url));
// `--no-build` skips the build (the demo's test runs this after turbo has built it).
if (!process.argv.includes('--no-build')) {
  await buildFirst(
    ['@comput3/demo...', '@comput3/cli...'],
    'the demo and the packages it uses',
    'about a minute',
    'pnpm demo',
  );
}
const env = { ...process.env };
if (!env.COMPUT3_API_KEY?.trim() && env.COMPUT3_DEMO_STORED_KEY !== '0') {
  const asked = spawnSync(process.execPath, [cli, 'keys', 'token'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const key = asked.status === 0 ? asked.stdout.trim() : '';
  if (key) {
    env.COMPUT3_API_KEY = key;
    process.stderr.write('pnpm demo: using the key stored with comput3 keys set.\n');
  }
}
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
const child = spawn(process.execPath, [server], { stdio: 'inherit', env });
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 0 : 1)));
