import { startDemo, type Demo } from './server.js';

/**
 * The port: PORT when given (and then only that one), else 5173 or the next free one. 5173 is
 * Vite's default, so it is often taken by another dev server.
 */
const asked = process.env.PORT;
const first = Number(asked ?? 5173);
let demo: Demo | undefined;
for (let port = first; !demo; port++) {
  try {
    demo = await startDemo({ port });
    if (port !== first)
      process.stdout.write(`Port ${first} is in use, so the demo took ${port}.\n`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' && asked === undefined && port < first + 20) continue;
    process.stderr.write(
      code === 'EADDRINUSE'
        ? `Port ${port} is in use: start with PORT=<another port> pnpm demo\n`
        : `The demo could not start: ${(error as Error).message}\n`,
    );
    process.exit(1);
  }
}
process.stdout.write(
  `Comput3 chat demo: ${demo.mode}${demo.mode === 'offline mock' ? ' (no key: set COMPUT3_API_KEY, or store one with comput3 keys set)' : ''}\n` +
    `Open ${demo.url} — Ctrl-C to stop.\n`,
);
// Ctrl-C: close the server and leave quietly (exit 0), once; a second Ctrl-C leaves at once.
let stopping = false;
const stop = () => {
  if (stopping) process.exit(0);
  stopping = true;
  void demo.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
