import { startDemo } from './server.js';

const port = Number(process.env.PORT ?? 5173);
const demo = await startDemo({ port }).catch((error: NodeJS.ErrnoException) => {
  process.stderr.write(
    error.code === 'EADDRINUSE'
      ? `Port ${port} is in use: start with PORT=<another port> pnpm demo\n`
      : `${error.message}\n`,
  );
  process.exit(1);
});
process.stdout.write(
  `Comput3 chat demo: ${demo.mode}${demo.mode === 'offline mock' ? ' (no COMPUT3_API_KEY set)' : ''}\n` +
    `Open ${demo.url} — Ctrl-C to stop.\n`,
);
const stop = () => demo.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
