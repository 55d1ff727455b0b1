import { createRequire } from 'node:module';

// A CommonJS bundle whose named exports Node cannot see from an ES module: required instead.
const xterm = createRequire(import.meta.url)('@xterm/headless') as typeof import('@xterm/headless');

/**
 * What a person would see after a program wrote `output` to a terminal of this size: the bytes
 * go through a real terminal emulator (xterm.js, headless), so cursor moves and redraws count
 * as they would on screen. Returns the non-empty lines of the screen and scrollback, trimmed.
 */
export async function screenOf(output: string, columns = 100, rows = 40): Promise<string[]> {
  const term = new xterm.Terminal({
    cols: columns,
    rows,
    scrollback: 1000,
    allowProposedApi: true,
  });
  // The terminal's line discipline turns \n into \r\n; a raw emulator needs that done for it.
  await new Promise<void>((resolve) => term.write(output.replace(/\r?\n/g, '\r\n'), resolve));
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)!.translateToString(true));
  term.dispose();
  while (lines.length && !lines.at(-1)) lines.pop();
  return lines;
}
