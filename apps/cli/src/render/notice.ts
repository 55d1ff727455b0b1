import wrapAnsi from 'wrap-ansi';
import { stripControls } from './safe-output.js';

/**
 * A message for a terminal, wrapped at spaces to its width: the terminal's own wrapping breaks
 * wherever the edge falls, inside a request id or a URL, and a broken id cannot be copied. A
 * word longer than the whole line is left whole (the terminal folds it, and it still copies).
 * Piped, the text is left on one line. Control characters from outside are taken out first.
 */
export function notice(text: string, stream: NodeJS.WriteStream): string {
  const clean = stripControls(text);
  const columns = stream.isTTY ? stream.columns : 0;
  return columns > 20 ? wrapAnsi(clean, columns, { hard: false, trim: true }) : clean;
}
