import { stripControls } from './safe-output.js';
import { paint } from './terminal.js';

/**
 * A model's reasoning, kept out of the answer. With `--reasoning` it is shown as it comes, dim,
 * on stderr (so a pipe of stdout still gets the answer alone), and a blank line parts it from
 * the answer. Without, a terminal sees the spinner say the model is thinking, then one dim line:
 * "thought for 3.2 s". Like all text from a model it reaches the terminal without its control
 * characters.
 */
export interface ReasoningView {
  write(piece: string): void;
  /** The answer began, or the call ended: the reasoning is over. */
  done(): void;
}

export function reasoningView(
  show: boolean,
  spin: { stop(): void; say(label: string): void },
  model: string,
  err: NodeJS.WriteStream = process.stderr,
): ReasoningView {
  const { dim } = paint(err);
  let started: number | undefined;
  let ended = false;
  let last = '\n';
  return {
    write(piece) {
      if (ended) return;
      started ??= performance.now();
      if (!show) return spin.say(`${model} is thinking`);
      spin.stop();
      const text = err.isTTY ? stripControls(piece) : piece;
      if (!text) return;
      err.write(dim(text));
      last = text;
    },
    done() {
      if (ended || started === undefined) return;
      ended = true;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (show) err.write(`${last.endsWith('\n') ? '' : '\n'}\n`);
      else if (err.isTTY) {
        spin.stop();
        err.write(`${dim(`thought for ${seconds} s (--reasoning shows it)`)}\n`);
      }
    },
  };
}
