import { startDemo } from './server.js';

const port = Number(process.env.PORT ?? 5173);
const demo = await startDemo({ port });
process.stdout.write(
  `Comput3 chat demo (${demo.mode}${demo.mode === 'offline mock' ? ': no COMPUT3_API_KEY set' : ''})\n` +
    `Open ${demo.url} — Ctrl-C to stop.\n`,
);
const stop = () => demo.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
