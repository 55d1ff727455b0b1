import { spawnSync } from 'node:child_process';

/** Colour and a spinner, only where a person is watching: a TTY, without NO_COLOR. */
export const useColor = (stream: NodeJS.WriteStream) =>
  stream.isTTY === true &&
  !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') &&
  process.env.TERM !== 'dumb';

export function paint(stream: NodeJS.WriteStream) {
  const on = useColor(stream);
  const wrap = (open: number, close: number) => (text: string) =>
    on ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  return {
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
    cyan: wrap(36, 39),
  };
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A spinner on stderr until the first token arrives; does nothing when stderr is not a TTY. */
export function spinner(label: string): { stop(): void; say(label: string): void } {
  const err = process.stderr;
  if (!err.isTTY || process.env.TERM === 'dumb') return { stop() {}, say() {} };
  const { dim } = paint(err);
  let i = 0;
  const draw = () => err.write(`\r${dim(`${FRAMES[i++ % FRAMES.length]} ${label}`)}\x1b[K`);
  const timer = setInterval(draw, 80);
  draw();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      err.write('\r\x1b[K');
    },
    /** Says something else while it spins ("kimi-k2 is thinking"). */
    say(text) {
      label = text;
    },
  };
}

/**
 * While an answer streams to a terminal, keys typed are not echoed into it, and they are kept
 * for whatever reads the terminal next (the shell, as after any command): the terminal's echo
 * is switched off with `stty -echo` and nothing else, so the keys wait in the terminal's own
 * buffer and Ctrl-C stays a signal (SIGINT, which the caller handles). Node can only switch
 * raw mode, which would make the keys ours to read and lose; that is the fallback where there
 * is no stty. Returns the way back (also run at exit). Does nothing when stdin is not a
 * terminal (a pipe is the prompt's text, read already).
 */
export function quietInput(onInterrupt: () => void): () => void {
  const input = process.stdin;
  if (!input.isTTY) return () => {};
  const stty = (setting: string) =>
    spawnSync('stty', [setting], { stdio: ['inherit', 'ignore', 'ignore'] }).status === 0;
  if (stty('-echo')) {
    let restored = false;
    const restore = () => {
      if (restored) return;
      restored = true;
      process.off('exit', restore);
      stty('echo');
    };
    process.on('exit', restore);
    return restore;
  }
  input.setRawMode(true);
  const onData = (data: Buffer) => {
    if (data.includes(3)) onInterrupt();
  };
  input.on('data', onData);
  input.resume();
  return () => {
    input.off('data', onData);
    input.setRawMode(false);
    input.pause();
  };
}
