import type { Options } from '../options.js';
import { stripControls } from './safe-output.js';
import { useColor } from './terminal.js';

/** Where an answer's text goes as it streams. `end()` leaves the output on a fresh line. */
export interface Writer {
  write(piece: string): void;
  end(): void;
}

/**
 * The model's bytes, exactly as they came when piped; on a terminal (--raw, NO_COLOR), without
 * the control characters that would move the cursor or worse (see safe-output.ts).
 */
function plainWriter(out: NodeJS.WritableStream): Writer {
  let last = '\n';
  const tty = (out as NodeJS.WriteStream).isTTY === true;
  return {
    write(piece) {
      if (tty) piece = stripControls(piece);
      if (!piece) return;
      out.write(piece);
      last = piece;
    },
    end() {
      if (!last.endsWith('\n')) out.write('\n');
      last = '\n';
    },
  };
}

/** Whether answers are drawn as Markdown: only for a person at a terminal with colour. */
export const renders = (
  options: Pick<Options, 'raw' | 'json'>,
  out: NodeJS.WriteStream = process.stdout,
) => !options.raw && !options.json && useColor(out);

/**
 * Makes writers for answers on `out`: rendered Markdown for a person, else the plain bytes.
 * Async once (the renderer is loaded only when it will be used); each writer is then made at once.
 */
export async function writerFactory(
  options: Pick<Options, 'raw' | 'json'>,
  out: NodeJS.WriteStream = process.stdout,
): Promise<() => Writer> {
  if (!renders(options, out)) return () => plainWriter(out);
  // Loaded only here: a pipe never pays for marked and highlight.js.
  const { markdownWriter } = await import('./markdown.js');
  return () => markdownWriter(out);
}

export const answerWriter = async (
  options: Pick<Options, 'raw' | 'json'>,
  out: NodeJS.WriteStream = process.stdout,
): Promise<Writer> => (await writerFactory(options, out))();
