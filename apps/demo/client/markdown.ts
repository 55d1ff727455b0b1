import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import go from 'highlight.js/lib/languages/go';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { Marked } from 'marked';

/**
 * Markdown by marked, sanitised by DOMPurify, code coloured by highlight.js (the core and the
 * languages models write most: the page's script budget is 80 kB gzipped). HTML in an answer is
 * shown as text, never parsed; images become links (the page loads nothing a model names).
 */
for (const [name, language] of Object.entries({
  bash,
  css,
  go,
  javascript,
  json,
  python,
  rust,
  sql,
  typescript,
  xml,
  yaml,
})) {
  hljs.registerLanguage(name, language);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * marked's inline lexer scans ahead from each delimiter (`_`, `*`, a backtick, `[`, `~`, `<`) for
 * its pair, so its cost grows as length × delimiters: 50 kB of `_a` took 3.2 s. A paragraph
 * longer than MAX_INLINE whose product passes INLINE_BUDGET (4,000 characters of `_a`, about
 * 9 ms) is shown as plain text instead; a long paragraph of ordinary prose stays Markdown.
 */
export const MAX_INLINE = 4000;
const INLINE_BUDGET = 8e6;
function inlineTooCostly(text: string): boolean {
  if (text.length <= MAX_INLINE) return false;
  let delimiters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // _ * ` [ ~ <
    if (c === 95 || c === 42 || c === 96 || c === 91 || c === 126 || c === 60) delimiters++;
  }
  return text.length * delimiters > INLINE_BUDGET;
}
/** Deeper quotes and lists are flattened before lexing: marked recurses once per level. */
const MAX_DEPTH = 16;

type Tokens = import('marked').Tokens.Generic;
/** A paragraph (or a list item's text) too long for the inline lexer: its words, escaped. */
const plain = (type: 'paragraph' | 'text', raw: string, text: string): Tokens => ({
  type,
  raw,
  text,
  tokens: [{ type: 'text', raw: text, text }],
});

export const marked = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image: ({ href, text }) => `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>`,
  },
  tokenizer: {
    // Returning false keeps marked's own tokenizer: these only step in for very long text.
    paragraph(src) {
      const cap = this.rules.block.paragraph.exec(src);
      if (!cap || !inlineTooCostly(cap[1]!)) return false;
      return plain('paragraph', cap[0], cap[1]!.replace(/\n$/, '')) as never;
    },
    text(src) {
      const cap = this.rules.block.text.exec(src);
      if (!cap || !inlineTooCostly(cap[0])) return false;
      return plain('text', cap[0], cap[0]) as never;
    },
  },
});

/** C0 and C1 controls but tab and newline (what an answer must not draw as ▯), and DEL. */
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
export const stripControls = (text: string) => text.replace(CONTROLS, '');

/**
 * Nesting past MAX_DEPTH made inert, without changing the text's length (so offsets into it
 * still hold): each further `>` becomes `›` and each further list marker a look-alike, which
 * lex as text. Hand-written, one pass over each line's start: a regex over repeated groups is
 * where backtracking hides.
 */
export function capNesting(text: string): string {
  const lines = text.split('\n');
  let changed = false;
  for (const [n, line] of lines.entries()) {
    if (line.length <= MAX_DEPTH) continue; // too short to hold that many markers
    const capped = capLine(line);
    if (capped !== line) {
      lines[n] = capped;
      changed = true;
    }
  }
  return changed ? lines.join('\n') : text;
}

const INERT: Record<string, string> = {
  '>': '›',
  '-': '‐',
  '*': '∗',
  '+': '﹢',
  '.': '․',
  ')': '﹚',
};

function capLine(line: string): string {
  const parts: string[] = [];
  let depth = 0;
  let i = 0;
  let last = 0;
  for (;;) {
    let j = i;
    while (j < line.length && j - i < 4 && (line[j] === ' ' || line[j] === '\t')) j++;
    const width = markerWidth(line, j);
    if (!width) break;
    if (++depth > MAX_DEPTH) {
      const at = j + width - 1; // the `>`, the bullet, or a number's `.` or `)`
      parts.push(line.slice(last, at), INERT[line[at]!]!);
      last = at + 1;
    }
    i = j + width;
  }
  return parts.length ? parts.join('') + line.slice(last) : line;
}

/** How long the block marker at `j` is (`>`, a bullet, `12.`): 0 when there is none. */
function markerWidth(line: string, j: number): number {
  const c = line[j];
  const spaceAfter = (k: number) => k === line.length || line[k] === ' ' || line[k] === '\t';
  if (c === '>') return 1;
  if ((c === '-' || c === '*' || c === '+') && spaceAfter(j + 1)) return 1;
  let k = j;
  while (k < line.length && k - j < 9 && line[k]! >= '0' && line[k]! <= '9') k++;
  return k > j && (line[k] === '.' || line[k] === ')') && spaceAfter(k + 1) ? k + 1 - j : 0;
}

// Links open in a new tab, without the page as opener; only web and mail links keep an href.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName !== 'A') return;
  const href = node.getAttribute('href') ?? '';
  if (!/^(https?:|mailto:)/i.test(href)) node.removeAttribute('href');
  node.setAttribute('rel', 'noopener noreferrer');
  node.setAttribute('target', '_blank');
});

const FORBID_TAGS = ['style', 'img', 'form', 'input', 'button'];
const sanitize = (html: string) => DOMPurify.sanitize(html, { FORBID_TAGS });

/** Safe nodes from marked's HTML, parsed once (no string back and innerHTML again). */
export const safeFragment = (html: string): DocumentFragment =>
  DOMPurify.sanitize(html, { FORBID_TAGS, RETURN_DOM_FRAGMENT: true });

/** The whole text as safe HTML (used in tests; the page renders through StreamingMarkdown). */
export function renderMarkdown(text: string): string {
  return sanitize(marked.parse(capNesting(stripControls(text)), { async: false }));
}

/**
 * Runs the parser, the sanitiser and the highlighter once each while the page is idle (a
 * person is still typing), in separate tasks: their first run costs tens of milliseconds of
 * compiling, which would otherwise land in the middle of the first reply. Sets
 * `data-warm` on <body> when done.
 */
export function warmUp(): void {
  const steps = [
    () =>
      marked.parse(
        '# a\n\n**b** `c` [d](https://e.test)\n\n- f\n\n| g | h |\n|---|---|\n| 1 | 2 |',
        { async: false },
      ),
    () =>
      safeFragment(
        '<h1>a</h1><p><strong>b</strong> <code>c</code> <a href="https://e.test">d</a></p><ul><li>f</li></ul>',
      ),
    // Each language's grammar is compiled on its first use: all of them now, one at a time.
    ...hljs
      .listLanguages()
      .map((language) => () => hljs.highlight('const g = "h"; // i', { language })),
  ];
  const idle = (run: () => void) =>
    'requestIdleCallback' in window ? requestIdleCallback(run) : setTimeout(run, 50);
  const next = () => {
    const step = steps.shift();
    if (!step) return void (document.body.dataset.warm = 'true');
    step();
    idle(next);
  };
  idle(next);
}

/**
 * Colours the code blocks under `root` and gives each a header with its language and a Copy
 * button (above the code, so it never covers a line); code and tables, which scroll sideways
 * on a narrow screen, can be reached (and scrolled) by keyboard.
 */
export function decorateCode(root: ParentNode): void {
  for (const table of root.querySelectorAll('table')) table.tabIndex = 0;
  for (const code of root.querySelectorAll<HTMLElement>('pre > code')) {
    const pre = code.parentElement!;
    if (pre.dataset.decorated) continue;
    pre.dataset.decorated = 'true';
    pre.tabIndex = 0;
    const lang = /language-([\w+#-]+)/.exec(code.className)?.[1];
    if (lang && hljs.getLanguage(lang)) {
      code.innerHTML = hljs.highlight(code.textContent ?? '', { language: lang }).value;
      code.classList.add('hljs');
    }
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'copy-code';
    copy.textContent = 'Copy';
    copy.setAttribute('aria-label', lang ? `Copy the ${lang} code` : 'Copy the code');
    copy.addEventListener('click', () => copyText(code.textContent ?? '', copy));
    const label = document.createElement('span');
    label.className = 'code-lang';
    label.textContent = lang ?? 'text';
    const head = document.createElement('div');
    head.className = 'code-head';
    head.append(label, copy);
    const block = document.createElement('div');
    block.className = 'code-block';
    pre.replaceWith(block);
    block.append(head, pre);
  }
}

/** Copies text and says so on the button for a moment. */
export function copyText(text: string, button: HTMLElement): void {
  const label = button.textContent;
  void navigator.clipboard.writeText(text).then(
    () => {
      button.textContent = 'Copied';
      setTimeout(() => (button.textContent = label), 1500);
    },
    () => (button.textContent = 'Copy failed'),
  );
}
