// What this example's two tests need to run a server of their own: a free port (next start
// and next dev take a port, not 0), and a way to be sure the server goes with the test.
import { createServer } from 'node:net';

export const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/**
 * Stops `child`'s whole process group (it was spawned `detached`, so that next's own children
 * go too) when the test process ends for any reason: its `after` hook does not run when the
 * runner is stopped by a signal (turbo cancelling a run), and the server would be left behind.
 */
export function stopWithTest(child) {
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      stop();
      process.exit(1);
    });
  }
}
