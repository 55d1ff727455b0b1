import stringWidth from 'string-width';
import { bold, clean, cyan, dim, renderBlockLine } from './line.js';
import { ScreenTable } from './screen-table.js';
import { tableRow } from './table.js';
import type { Writer } from './writer.js';

/**
 * Markdown for a terminal, drawn as it streams. Text is never held back: each piece is printed
 * the moment it arrives, and when its line ends the line is drawn again, rendered (line.ts:
 * emphasis, code spans and links by marked's inline lexer; headings, lists, quotes and rules by
 * their line; code coloured by highlight.js through emphasize) and wrapped at words. A table is
 * drawn as its rows come, its columns lined up and fitted to the width (screen-table.ts,
 * table.ts). Only the line being written (or the table) is ever redrawn, so the scrollback
 * stays as it was.
 *
 * The line being written is wrapped here, at words, one column short of the edge: the
 * terminal never wraps it, so the rows it takes are the rows this code wrote, and erasing it
 * for the redraw takes exactly those (a terminal's own wrapping, after a resize or at the last
 * column, is what used to leave the raw first line on screen under the rendered one).
 *
 * Only loaded when stdout is a terminal with colour: piped, with --raw or NO_COLOR, the bytes
 * are the model's.
 */
export function markdownWriter(out: NodeJS.WriteStream): Writer & { highlighting: Promise<void> } {
  let highlighter: Highlighter | undefined;
  // highlight.js is the heavy part: loaded in the background, used from the first line it is
  // ready for (a line finished before that is shown in the plain code colour).
  const highlighting = loadHighlighter().then((h) => void (highlighter = h));

  const columns = () => out.columns || 80;
  /** The width text is wrapped to: one short of the edge, so the cursor never waits to wrap. */
  const width = () => Math.max(20, columns() - 1);
  let partial = ''; // the line being written, as received
  let rows = 0; // the rows it takes on screen so far (0: nothing of it shown)
  let col = 0; // where the cursor is on the last of them
  let word = ''; // the word being written on that row, so it can move down whole
  let wordWidth = 0;
  let fence: { marker: string; lang: string } | undefined;
  let table: ScreenTable | undefined; // the table being drawn, if the lines are one

  /** Back to the start of the line being written, clearing it (and anything below). */
  const erasePartial = () => {
    if (rows === 0) return;
    out.write(`\r${rows > 1 ? `\x1b[${rows - 1}A` : ''}\x1b[J`);
    rows = col = wordWidth = 0;
    word = '';
  };

  /** Text of the line being written, printed now, wrapped at words as it goes. */
  const show = (text: string): string => {
    let printed = '';
    rows ||= 1;
    const limit = width();
    for (const ch of text) {
      if (ch === ' ') {
        word = '';
        wordWidth = 0;
        if (col + 1 > limit) {
          printed += '\n'; // the space becomes the break
          rows++;
          col = 0;
        } else {
          printed += ' ';
          col++;
        }
        continue;
      }
      // Most text is ASCII: its width is known without asking string-width.
      const code = ch.charCodeAt(0);
      const w = code >= 0x20 && code < 0x7f ? 1 : stringWidth(ch);
      if (col + w > limit) {
        if (word && wordWidth < col && wordWidth + w <= limit) {
          // The word moves down whole: back over it, clear, and write it on the next row.
          printed += `\x1b[${wordWidth}D\x1b[K\n${word}`;
          col = wordWidth;
        } else {
          printed += '\n';
          col = 0;
          word = '';
          wordWidth = 0;
        }
        rows++;
      }
      printed += ch;
      col += w;
      // A word wider than a row is broken where the row ends, so it is not kept whole: what
      // is kept (and measured) stays under a row, whatever the length of the word.
      if (wordWidth + w <= limit) {
        word += ch;
        wordWidth += w;
      } else {
        word = '';
        wordWidth = 0;
      }
    }
    return printed;
  };

  const finishLine = () => {
    const line = partial;
    partial = '';
    if (rows >= (out.rows || 24)) {
      // Taller than the screen: its first rows are scrollback, which cannot be redrawn, so it
      // stays as it was printed (and was not kept whole: see write()).
      out.write('\n');
      rows = col = wordWidth = 0;
      word = '';
      table = undefined;
      return;
    }
    erasePartial();
    const row = fence ? undefined : tableRow(line);
    if (row) {
      table ??= new ScreenTable({ columns, width, rows: () => out.rows || 24 });
      out.write(table.add(row));
      return;
    }
    table = undefined;
    out.write(`${renderLine(line)}\n`);
  };

  const renderLine = (line: string): string => {
    if (fence) {
      const close = new RegExp(`^ {0,3}${fence.marker[0]}{${fence.marker.length},}\\s*$`);
      if (close.test(line)) {
        fence = undefined;
        return dim(line);
      }
      return highlighter?.(fence.lang, line) ?? cyan(line);
    }
    const open = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/.exec(line);
    if (open) {
      fence = { marker: open[1]!, lang: open[2]!.toLowerCase() };
      return dim(line);
    }
    return renderBlockLine(line, width());
  };

  return {
    highlighting,
    write(piece) {
      const text = clean(piece);
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        partial += text.slice(start, end);
        finishLine();
        start = end + 1;
      }
      const rest = text.slice(start);
      if (!rest) return;
      // A line taller than the screen is not drawn again (see finishLine): only its start is
      // kept, for its style, so a 5 MB line costs no more memory than a short one.
      if (rows < (out.rows || 24)) partial += rest;
      // Printed now, styled by what the line is so far; drawn again, rendered, when it ends.
      const shown = show(rest);
      out.write(fence ? cyan(shown) : /^ {0,3}#/.test(partial) ? bold(shown) : shown);
    },
    end() {
      if (partial) finishLine();
    },
  };
}

type Highlighter = (lang: string, line: string) => string | undefined;

async function loadHighlighter(): Promise<Highlighter> {
  const { createEmphasize, common } = await import('emphasize');
  const emphasize = createEmphasize(common);
  // Line by line, so a construct spanning lines (a block comment) is coloured per line: the
  // price of never holding a line back.
  return (lang, line) =>
    lang && emphasize.registered(lang) ? emphasize.highlight(lang, line).value : undefined;
}
