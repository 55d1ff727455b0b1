import { Lexer, type Token } from 'marked';
import stringWidth from 'string-width';
import type { Writer } from './writer.js';

/**
 * Markdown for a terminal, drawn as it streams. Text is never held back: each piece is printed
 * the moment it arrives, and when its line ends the line is drawn again, rendered (emphasis,
 * code spans and links by marked's inline lexer; headings, lists, quotes, rules and fences by
 * their line; code coloured by highlight.js through emphasize). A table is drawn again whole at
 * each row, so its columns line up. Unlike a renderer that redraws the whole answer, only the
 * line being written (or the table) is ever redrawn, so the scrollback stays as it was.
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
  const rowsOf = (text: string) => Math.max(1, Math.ceil(stringWidth(text) / columns()));
  let partial = ''; // the line being written, as received
  let shownWidth = 0; // the columns it takes on screen so far
  let fence: { marker: string; lang: string } | undefined;
  let table: { rows: (string[] | 'rule')[]; drawnRows: number } | undefined;

  /** Back to the start of the line being written, clearing it (and anything below). */
  const erasePartial = () => {
    if (shownWidth === 0) return;
    const up = Math.ceil(shownWidth / columns()) - 1;
    out.write(`\r${up > 0 ? `\x1b[${up}A` : ''}\x1b[J`);
  };

  const finishLine = () => {
    const line = partial;
    erasePartial();
    partial = '';
    shownWidth = 0;
    const row = fence ? undefined : tableRow(line);
    if (row) {
      table ??= { rows: [], drawnRows: 0 };
      table.rows.push(row);
      // Redraw the table so far with the new column widths, while it fits on the screen.
      const lines = drawTable(table.rows);
      const rows = lines.reduce((n, l) => n + rowsOf(l), 0);
      // (A table grows only: once taller than the screen, its new rows are just added.)
      if (table.drawnRows && rows <= (out.rows || 24) - 1) {
        out.write(`\x1b[${table.drawnRows}A\r\x1b[J${lines.join('\n')}\n`);
      } else out.write(`${lines.at(-1)}\n`);
      table.drawnRows = rows;
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
    return renderBlockLine(line, columns());
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
      partial += rest;
      // Printed now, styled by what the line is so far; drawn again, rendered, when it ends.
      out.write(fence ? cyan(rest) : /^ {0,3}#/.test(partial) ? bold(rest) : rest);
      shownWidth += stringWidth(rest);
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

const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const bold = sgr(1, 22);
const dim = sgr(2, 22);
const italic = sgr(3, 23);
const underline = sgr(4, 24);
const strike = sgr(9, 29);
const cyan = sgr(36, 39);
const magenta = sgr(35, 39);
const blue = sgr(34, 39);

/**
 * What the model sent, safe to draw: no control characters (an answer must not move the cursor,
 * retitle the window or write to the clipboard), tabs as spaces so widths can be counted.
 */
const clean = (text: string) =>
  text.replace(/\t/g, '    ').replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '');

/** A line outside code fences: block syntax by its start, the rest by marked's inline lexer. */
export function renderBlockLine(line: string, columns: number): string {
  let m: RegExpExecArray | null;
  if ((m = /^ {0,3}(#{1,6})[ \t]+(.*)$/.exec(line))) {
    const text = inline(withoutClosingHashes(m[2]!));
    return m[1]!.length === 1
      ? bold(underline(magenta(text)))
      : bold(m[1]!.length === 2 ? blue(text) : text);
  }
  if (/^ {0,3}([-*_])(?:\s*\1){2,}\s*$/.test(line)) return dim('─'.repeat(Math.min(columns, 60)));
  if ((m = /^( {0,3})>\s?(.*)$/.exec(line))) return `${m[1]}${dim('│')} ${italic(inline(m[2]!))}`;
  if ((m = /^(\s*)([-*+]|\d{1,9}[.)])\s+(?:\[([ xX])\]\s+)?(.*)$/.exec(line))) {
    const bullet = /\d/.test(m[2]!) ? m[2]! : '•';
    const task = m[3] === undefined ? '' : m[3] === ' ' ? '☐ ' : '☑ ';
    return `${m[1]}${cyan(bullet)} ${task}${inline(m[4]!)}`;
  }
  return inline(line);
}

/** `Title ##` → `Title`, by hand: the regex that did it backtracked quadratically over spaces. */
function withoutClosingHashes(text: string): string {
  const trimmed = text.trimEnd();
  let at = trimmed.length;
  while (at > 0 && trimmed[at - 1] === '#') at--;
  return at === trimmed.length || (at > 0 && !/\s/.test(trimmed[at - 1]!))
    ? trimmed
    : trimmed.slice(0, at).trimEnd();
}

/**
 * marked's inline lexer is superlinear on some text (50,000 characters of `_a` take seconds),
 * and a model writes what it likes: a longer line is shown as the plain text it is.
 */
const MAX_INLINE = 4000;

function inline(text: string): string {
  return text.length > MAX_INLINE ? text : renderTokens(Lexer.lexInline(text));
}

function renderTokens(tokens: Token[]): string {
  return tokens
    .map((t) => {
      // marked decodes character references (`&#27;`), so what it gives back is cleaned again.
      const children =
        'tokens' in t && t.tokens ? renderTokens(t.tokens) : clean('text' in t ? t.text : t.raw);
      switch (t.type) {
        case 'strong':
          return bold(children);
        case 'em':
          return italic(children);
        case 'del':
          return strike(children);
        case 'codespan':
          return cyan(clean(t.text));
        case 'link':
          return t.href === t.text || `mailto:${t.text}` === t.href
            ? underline(blue(children))
            : `${underline(blue(children))}${dim(` (${clean(t.href)})`)}`;
        case 'image':
          return dim(`[image: ${clean(t.text || t.href)}]`);
        case 'br':
          return '';
        case 'escape':
        case 'text':
          return clean(t.text);
        default:
          return clean(t.raw);
      }
    })
    .join('');
}

/** The cells of a table row, or 'rule' for its |---|:--:| line; undefined if not a row. */
function tableRow(line: string): string[] | 'rule' | undefined {
  if (!/^\s*\|.*\|\s*$/.test(line)) return undefined;
  const cells = line
    .trim()
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
  return cells.every((c) => /^:?-+:?$/.test(c)) ? 'rule' : cells;
}

/** The rows drawn with columns as wide as their widest cell; the header (above the rule) bold. */
function drawTable(rows: (string[] | 'rule')[]): string[] {
  const rendered = rows.map((r) => (r === 'rule' ? r : r.map(inline)));
  const widths: number[] = [];
  for (const r of rendered) {
    if (r === 'rule') continue;
    r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, stringWidth(c))));
  }
  const ruleAt = rendered.indexOf('rule');
  return rendered.map((r, index) =>
    r === 'rule'
      ? dim(`├${widths.map((w) => '─'.repeat(w + 2)).join('┼')}┤`)
      : `${dim('│')} ${widths
          .map((w, i) => {
            const cell = r[i] ?? '';
            const padded = cell + ' '.repeat(w - stringWidth(cell));
            return index < ruleAt ? bold(padded) : padded;
          })
          .join(` ${dim('│')} `)} ${dim('│')}`,
  );
}
