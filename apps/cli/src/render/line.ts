import { Lexer, type Token } from 'marked';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { stripControls } from './safe-output.js';

/**
 * One finished line of an answer (outside code fences and tables), rendered for a terminal:
 * block syntax by its start (headings, rules, quotes, list items), the rest by marked's inline
 * lexer, wrapped at word boundaries to the width given (by wrap-ansi, which keeps styles across
 * the breaks and counts wide characters), list items and quotes with hanging indents.
 */
const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
export const bold = sgr(1, 22);
export const dim = sgr(2, 22);
const italic = sgr(3, 23);
const underline = sgr(4, 24);
const strike = sgr(9, 29);
export const cyan = sgr(36, 39);
const magenta = sgr(35, 39);
const blue = sgr(34, 39);

/**
 * What the model sent, safe to draw: no control characters (an answer must not move the cursor,
 * retitle the window or write to the clipboard), tabs as spaces so widths can be counted.
 */
export const clean = (text: string) => stripControls(text.replace(/\t/g, '    '));

/** `text` wrapped to `width` columns, each line after the first behind `indent`. */
function wrap(
  text: string,
  width: number,
  first = '',
  indent = ' '.repeat(stringWidth(first)),
): string {
  const room = Math.max(10, width - stringWidth(indent));
  return wrapAnsi(text, room, { hard: true })
    .split('\n')
    .map((l, i) => (i ? indent : first) + l)
    .join('\n');
}

/** A line outside code fences, rendered and wrapped to `columns`. */
export function renderBlockLine(line: string, columns: number): string {
  let m: RegExpExecArray | null;
  if ((m = /^ {0,3}(#{1,6})[ \t]+(.*)$/.exec(line))) {
    const text = inline(withoutClosingHashes(m[2]!));
    const styled =
      m[1]!.length === 1
        ? bold(underline(magenta(text)))
        : bold(m[1]!.length === 2 ? blue(text) : text);
    return wrap(styled, columns);
  }
  if (/^ {0,3}([-*_])(?:\s*\1){2,}\s*$/.test(line)) return dim('─'.repeat(Math.min(columns, 60)));
  if ((m = /^( {0,3})>\s?(.*)$/.exec(line))) {
    // Every row of a quote keeps its bar.
    const bar = `${m[1]}${dim('│')} `;
    return wrap(italic(inline(m[2]!)), columns, bar, bar);
  }
  if ((m = /^(\s*)([-*+]|\d{1,9}[.)])\s+(?:\[([ xX])\]\s+)?(.*)$/.exec(line))) {
    const bullet = /\d/.test(m[2]!) ? m[2]! : '•';
    const task = m[3] === undefined ? '' : m[3] === ' ' ? '☐ ' : '☑ ';
    // The text's later rows start under its first word, not under the bullet.
    const lead = `${m[1]}${bullet} ${task}`;
    return wrap(
      inline(m[4]!),
      columns,
      `${m[1]}${cyan(bullet)} ${task}`,
      ' '.repeat(stringWidth(lead)),
    );
  }
  return wrap(inline(line), columns);
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

export function inline(text: string): string {
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
