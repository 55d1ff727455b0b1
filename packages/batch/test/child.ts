// Child processes a test starts and always stops: lines of stdout awaited as events.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child {
  process: ChildProcess;
  /** Resolves when a line of stdout passes `test` (rejects if the child exits first). */
  waitFor(test: (line: string) => boolean): Promise<string>;
  lines: string[];
  kill(): Promise<void>;
}

const started = new Set<ChildProcess>();

/** Stops every child still running: for afterEach. */
export async function killAll(): Promise<void> {
  await Promise.all([...started].map((child) => stop(child)));
}

function stop(child: ChildProcess): Promise<void> {
  started.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

export function startChild(fixture: string, args: string[]): Child {
  const file = fileURLToPath(new URL(`fixtures/${fixture}`, import.meta.url));
  const child = spawn(process.execPath, [file, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  started.add(child);
  const lines: string[] = [];
  let pending = '';
  let stderr = '';
  const watchers = new Set<{
    test: (line: string) => boolean;
    resolve: (line: string) => void;
    reject: (e: Error) => void;
  }>();
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const parts = pending.split('\n');
    pending = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const watcher of watchers)
        if (watcher.test(line)) {
          watchers.delete(watcher);
          watcher.resolve(line);
        }
    }
  });
  child.once('exit', (code, signal) => {
    for (const watcher of watchers)
      watcher.reject(new Error(`${fixture} exited (${code ?? signal}) first:\n${stderr}`));
    watchers.clear();
  });
  return {
    process: child,
    lines,
    waitFor: (test) =>
      new Promise((resolve, reject) => {
        const seen = lines.find(test);
        if (seen !== undefined) return resolve(seen);
        if (child.exitCode !== null)
          return reject(new Error(`${fixture} exited (${child.exitCode}) first:\n${stderr}`));
        watchers.add({ test, resolve, reject });
      }),
    kill: () => stop(child),
  };
}
