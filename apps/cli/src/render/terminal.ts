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
export function spinner(label: string): { stop(): void } {
  const err = process.stderr;
  if (!err.isTTY || process.env.TERM === 'dumb') return { stop() {} };
  const { dim } = paint(err);
  let i = 0;
  const draw = () => err.write(`\r${dim(`${FRAMES[i++ % FRAMES.length]} ${label}`)}`);
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
  };
}

/**
 * While an answer streams to a terminal: keys typed are read and dropped rather than echoed
 * into it (the terminal echoes them in its normal mode), and Ctrl-C, which raw mode no longer
 * turns into SIGINT, calls `onInterrupt`. Returns the way back. Does nothing when stdin is
 * not a terminal (a pipe is the prompt's text, read already).
 */
export function quietInput(onInterrupt: () => void): () => void {
  const input = process.stdin;
  if (!input.isTTY) return () => {};
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
