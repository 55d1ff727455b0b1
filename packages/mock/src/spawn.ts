import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Pace } from './pace.js';

/** A mock server running in a process of its own: {@link spawnMockServer}. */
export interface SpawnedMockServer {
  /** The base URL, ending in `/v1`. */
  url: string;
  /** The server process, e.g. to read its CPU time or memory. */
  pid: number;
  /** Stops the process (SIGTERM) and waits for it to exit. */
  close(): Promise<void>;
}

/**
 * Starts `comput3-mock` in a process of its own: for benchmarks and soak tests, where the
 * server must not share a core or a heap with the client being measured. Like
 * `startMockServer()`, and unlike the bin run by hand, it answers instantly unless `pace` says
 * otherwise.
 */
export function spawnMockServer(
  args: {
    port?: number;
    host?: string;
    models?: readonly string[];
    pace?: Pace;
    /** Answer from the cassettes in this folder only (`--replay`). */
    replay?: string;
  } = {},
): Promise<SpawnedMockServer> {
  const bin = fileURLToPath(new URL('./cli.js', import.meta.url));
  const argv = [bin, '--port', String(args.port ?? 0), '--pace', args.pace ?? 'instant'];
  if (args.host) argv.push('--host', args.host);
  if (args.models) argv.push('--models', args.models.join(','));
  if (args.replay) argv.push('--replay', args.replay);
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`comput3-mock exited with code ${code} before listening`)),
    );
    child.stdout.once('data', (data: Buffer) => {
      child.stdout.resume(); // keep draining, so a chatty server never blocks on a full pipe
      resolve({
        // The first line: `listening on URL` (a second may follow in the same read).
        url: String(data)
          .split('\n', 1)[0]!
          .trim()
          .replace(/^listening on /, ''),
        pid: child.pid!,
        close: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}
