import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replyText } from '@comput3/mock';
import { expect } from 'vitest';

// Tests run the built, bundled binary: the test task depends on build.
export const BIN = fileURLToPath(new URL('../dist/comput3.js', import.meta.url));
export const PTY = fileURLToPath(new URL('./run-in-pty.py', import.meta.url));

type Message = { role: 'system' | 'user' | 'assistant'; content: string };

/** The mock's exact answer to a conversation (user and assistant turns alternate, user first). */
export function reply(model: string, ...turns: string[]): Promise<string> {
  const messages: Message[] = turns.map((content, i) => ({
    role: i % 2 ? 'assistant' : 'user',
    content,
  }));
  return replyText(model, messages);
}

export interface Home {
  env: NodeJS.ProcessEnv;
  config: string;
  data: string;
}

/** Fresh XDG folders, so each test sees only its own keys and conversations. */
export function home(extra: NodeJS.ProcessEnv = {}): Home {
  const root = mkdtempSync(join(tmpdir(), 'comput3-cli-'));
  const config = join(root, 'config');
  const data = join(root, 'data');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: root,
    XDG_CONFIG_HOME: config,
    XDG_DATA_HOME: data,
    ...extra,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return { env, config, data };
}

export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function start(args: string[], env: NodeJS.ProcessEnv, input?: string) {
  // Killed after a minute whatever happens: a CLI that reads /dev/zero for ever must not
  // outlive its test and take the machine's memory with it.
  const child = spawn(process.execPath, [BIN, ...args], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  if (input !== undefined) child.stdin.end(input);
  else child.stdin.end();
  const done = new Promise<Result>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done, stdout: () => stdout, stderr: () => stderr };
}

export const run = (args: string[], env: NodeJS.ProcessEnv, input?: string) =>
  start(args, env, input).done;

/** Drives comput3 in a pseudo-terminal; `screen()` is everything it has printed so far. */
export function startPty(args: string[], env: NodeJS.ProcessEnv) {
  return startPtyProgram([process.execPath, BIN, ...args], env);
}

/** Drives any program (a shell, say) in a pseudo-terminal. */
export function startPtyProgram(command: string[], env: NodeJS.ProcessEnv) {
  const child = spawn('python3', [PTY, ...command], {
    env: { TERM: 'xterm-256color', ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let screen = '';
  child.stdout.on('data', (d) => (screen += d));
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // Escape sequences out, and the terminal's \r\n folded back to the \n the program wrote.
  const plain = () => screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r\n/g, '\n');
  return {
    type: (text: string) => child.stdin.write(text),
    screen: plain,
    /** Every byte as the terminal received it, escape sequences and all. */
    raw: () => screen,
    waitFor: (text: string | RegExp, timeout = 30_000) =>
      expect
        .poll(() => (typeof text === 'string' ? plain().includes(text) : text.test(plain())), {
          timeout,
        })
        .toBe(true),
    done,
    kill: () => child.kill('SIGKILL'),
  };
}
