// `pnpm demo`: builds the demo and what it uses (see build-first.mjs), then runs its server in
// this terminal. Ctrl-C, as the demo suggests, stops it quietly: the server closes and exits 0,
// and this process, which ignores the signal, exits with it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildFirst } from './build-first.mjs';

const server = fileURLToPath(new URL('../apps/demo/dist/server/main.js', import.meta.url));
await buildFirst(
  '@comput3/demo...',
  'the demo and the packages it uses',
  'about a minute',
  'pnpm demo',
);
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
const child = spawn(process.execPath, [server], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 0 : 1)));
