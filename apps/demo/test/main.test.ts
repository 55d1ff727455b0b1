// `pnpm demo`'s server process: a busy port is not a crash, and Ctrl-C leaves quietly.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/server/main.js', import.meta.url));
let blocker: Server | undefined;
let held: number;
beforeAll(async () => {
  // Vite's default port, taken as another dev server would take it (or already taken).
  blocker = createServer();
  held = await new Promise<number>((resolve) => {
    blocker!.once('error', () => ((blocker = undefined), resolve(5173)));
    blocker!.listen(5173, '127.0.0.1', () => resolve(5173));
  });
});
afterAll(() => new Promise<void>((r) => (blocker ? blocker.close(() => r()) : r())));

function startMain(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const opened = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const url = /Open (http:\S+)/.exec(stdout)?.[1];
      if (url) resolve(url);
    });
    child.on('close', () => reject(new Error(`exited: ${stdout}${stderr}`)));
  });
  opened.catch(() => {}); // awaited only by the test that expects it to open
  return { child, exited, opened, out: () => stdout, err: () => stderr };
}

test('5173 busy: the demo takes the next free port, says so, and Ctrl-C ends it with 0', async () => {
  const main = startMain({});
  const url = await main.opened;
  expect(new URL(url).port).not.toBe(String(held));
  expect(main.out()).toContain(`Port ${held} is in use, so the demo took ${new URL(url).port}.`);
  expect((await fetch(new URL('/healthz', url))).status).toBe(200);
  main.child.kill('SIGINT');
  expect(await main.exited).toBe(0);
  expect(main.err()).toBe('');
});

test('PORT given and busy: one line saying what to do, exit 1, no stack trace', async () => {
  const main = startMain({ PORT: String(held) });
  expect(await main.exited).toBe(1);
  expect(main.err()).toBe(`Port ${held} is in use: start with PORT=<another port> pnpm demo\n`);
});
