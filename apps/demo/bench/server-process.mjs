// The demo server in a process of its own, so the load script can read its memory alone.
// Started by load.mjs with --expose-gc; answers 'memory' messages after a full GC.
import { startDemo } from '../dist/server/index.js';

const chats = Number(process.argv[2]);
const demo = await startDemo({
  apiKey: undefined,
  chatsPerMinute: false,
  // Every chat streams with 10 ms between chunks, so that they overlap for real.
  mock: { faults: Array.from({ length: chats }, () => 'delay-chunks=10') },
});
process.on('message', (message) => {
  if (message === 'memory') {
    globalThis.gc();
    globalThis.gc();
    const { rss, heapUsed } = process.memoryUsage();
    process.send({ rss, heapUsed });
  } else if (message === 'stop') {
    demo.close().then(() => process.exit(0));
  }
});
process.send({ url: demo.url });
