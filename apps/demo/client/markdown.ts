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

export const marked = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image: ({ href, text }) => `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>`,
  },
});

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

/** The whole text as safe HTML (used for finished replies and in tests). */
export function renderMarkdown(text: string): string {
  return sanitize(marked.parse(text, { async: false }));
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
 * Colours the code blocks under `root` and gives each a Copy button; code and tables, which
 * scroll sideways on a narrow screen, can be reached (and scrolled) by keyboard.
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
    copy.setAttribute('aria-label', `Copy the ${lang ?? ''} code`.replace('  ', ' '));
    copy.addEventListener('click', () => copyText(code.textContent ?? '', copy));
    pre.append(copy);
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
