// `pnpm comput3 …`: the CLI from this checkout. Builds it first through turbo (a cache hit
// when nothing changed; see build-first.mjs), then runs the built bin with the arguments given,
// so the screen and stdout carry only the answer.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildFirst } from './build-first.mjs';

const bin = fileURLToPath(new URL('../apps/cli/bin/comput3.js', import.meta.url));
await buildFirst('@comput3/cli...', 'the CLI', 'about 30 s', 'pnpm comput3');
// Ctrl-C reaches the CLI too (same terminal); it decides what to do, and we wait for its exit.
process.on('SIGINT', () => {});
const cli = spawn(process.execPath, [bin, ...process.argv.slice(2)], { stdio: 'inherit' });
cli.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
