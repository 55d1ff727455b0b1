import type { Token, TokensList } from 'marked';
import remend from 'remend';
import {
  capNesting,
  decorateCode,
  marked,
  MAX_INLINE,
  safeFragment,
  stripControls,
} from './markdown.js';

/** A paragraph this long is settled as it streams, in plain stretches (see #openParagraph). */
const LONG_PARAGRAPH = 1200;
/** Characters that could be inline Markdown (or a GFM autolink): plain text has none. */
const INLINE = /[\\*_`~[\]()<>&!|:@\n]|www\./;
/**
 * Inline syntax that can reach across a space, so a cut before it could change how it reads:
 * emphasis and strikethrough (an intraword `_` cannot), code, links, HTML, escapes, a line
 * break. Autolinks, entities and the rest end at a space.
 */
const SPANS = /[\\*`~[\]<\n]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/u;

/**
 * The unfinished end of a reply as it will read once finished: emphasis, code spans and links
 * still open are closed (remend, Streamdown's healer), so `**REST` shows bold rather than two
 * asterisks. A link whose address has not arrived shows as its text. Only for drawing the part
 * still streaming: the text kept, and the final drawing, are the model's own.
 */
const healed = (text: string) =>
  remend(text, {
    linkMode: 'text-only',
    images: false,
    katex: false,
    inlineKatex: false,
    // Only the end is completed: nothing before it is escaped or changed.
    comparisonOperators: false,
    singleTilde: false,
  });

const asList = (tokens: Token[], from: TokensList) =>
  Object.assign(tokens as TokensList, { links: from.links });

/**
 * Renders a reply while it streams without redoing the whole of it: the blocks marked has
 * finished (every top-level token but the last) are parsed, sanitised, highlighted and added
 * once; only the last block is drawn again, at most once a frame. A long paragraph, which would
 * make that last block large, is settled in stretches of plain text as it grows. So the work
 * per frame stays small however long the reply gets.
 */
export class StreamingMarkdown {
  readonly element: HTMLElement;
  #settled = document.createElement('div');
  #tail = document.createElement('div');
  #text = '';
  /** How much of the text is in #settled (paragraph stretches aside). */
  #done = 0;
  /**
   * The paragraph being written, when it is long: the text nodes before `rest` hold its
   * stretches (up to `upTo` in the text) with no inline syntax, text whatever comes next;
   * `rest` is the part after them, drawn again each frame.
   */
  #open: { p: HTMLParagraphElement; rest: HTMLSpanElement; upTo: number } | undefined;
  #frame = 0;
  #onRender: () => void;
  /** Set when marked failed on this text: from then on it is shown as plain text. */
  #plain: HTMLElement | undefined;

  constructor(onRender: () => void = () => {}) {
    this.element = document.createElement('div');
    this.element.className = 'md';
    this.element.append(this.#settled, this.#tail);
    this.#onRender = onRender;
  }

  append(delta: string): void {
    this.#text += stripControls(delta.replace(/\r\n?/g, '\n'));
    this.#frame ||= requestAnimationFrame(() => this.#render(false));
  }

  /** Draws everything as final: the stream ended (or this is a saved reply). */
  finish(): void {
    cancelAnimationFrame(this.#frame);
    this.#render(true);
  }

  #render(final: boolean): void {
    this.#frame = 0;
    if (!this.#plain) {
      try {
        this.#renderMarkdown(final);
        return;
      } catch {
        // Input marked cannot handle (it has thrown RangeError on deep nesting): the reply is
        // still shown, all of it, as the text it is.
        this.#plain = document.createElement('div');
        this.#plain.className = 'plain';
        this.#open = undefined;
        this.element.replaceChildren(this.#plain);
      }
    }
    this.#plain.textContent = this.#text;
    this.#onRender();
  }

  #renderMarkdown(final: boolean): void {
    // In a long paragraph, lexing starts after its settled stretch: the cost stays small.
    const from = this.#open?.upTo ?? this.#done;
    const tokens = marked.lexer(capNesting(this.#text.slice(from)));
    let last = tokens.length - 1;
    while (!final && last > 0 && tokens[last]!.type === 'space') last--;
    let settled = final ? tokens.length : Math.max(0, last);
    if (this.#open) {
      if (tokens[0]?.type !== 'paragraph') {
        // What followed turned the paragraph into something else: draw it again from its start.
        this.#open.p.remove();
        this.#open = undefined;
        return this.#renderMarkdown(final);
      }
      if (settled > 0) {
        // The long paragraph ended: its last part drawn once more, and it is settled.
        this.#drawRest(this.#text.slice(from, from + tokens[0].raw.length));
        this.#done = from + tokens[0].raw.length;
        this.#open = undefined;
        tokens.shift();
        settled--;
      }
    }
    if (settled > 0) {
      const done = asList(tokens.slice(0, settled), tokens);
      const block = document.createElement('div');
      block.append(safeFragment(marked.parser(done)));
      decorateCode(block);
      this.#settled.append(...block.childNodes);
      this.#done += done.reduce((n, t) => n + t.raw.length, 0);
    }
    const rest = tokens.slice(settled);
    const body = rest.filter((t) => t.type !== 'space');
    if (
      body.length === 1 &&
      body[0]!.type === 'paragraph' &&
      (this.#open || body[0]!.raw.length > LONG_PARAGRAPH)
    ) {
      this.#openParagraph(this.#open ? from : this.#done, body[0]!.raw.length);
      this.#tail.replaceChildren();
    } else {
      // Lexed again only when healing changed something (most frames end mid-word).
      const raw = final ? '' : rawOf(rest);
      const fixed = final ? raw : healed(raw);
      const drawn = fixed === raw ? asList(rest, tokens) : marked.lexer(fixed);
      this.#tail.replaceChildren(rest.length ? safeFragment(marked.parser(drawn)) : '');
    }
    this.#onRender();
  }

  /**
   * Moves the plain stretch of a long paragraph (its text from `from`, `length` long) into
   * #settled, and draws what follows it.
   */
  #openParagraph(from: number, length: number): void {
    if (!this.#open) {
      const p = document.createElement('p');
      this.#open = {
        p,
        rest: document.createElement('span'),
        upTo: from,
      };
      p.append(this.#open.rest);
      this.#settled.append(p);
    }
    const open = this.#open;
    const end = from + length;
    const stretch = this.#text.slice(open.upTo, end);
    const cut = stretch.length > MAX_INLINE ? 0 : safeCut(stretch);
    if (stretch.length > MAX_INLINE) {
      // Syntax left open this long is not going to close: settle it as the plain text it is
      // (marked does the same for a whole paragraph this long), so each frame stays small.
      const at = wordStart(stretch, stretch.length - 2) || stretch.length - 1;
      open.rest.before(stretch.slice(0, at));
      open.upTo += at;
    } else if (cut > 0) {
      // A node per stretch (plain text the usual case): the browser keeps the shaping of the
      // ones before.
      const done = stretch.slice(0, cut);
      open.rest.before(INLINE.test(done) ? inlineFragment(done) : done);
      open.upTo += cut;
    }
    this.#drawRest(this.#text.slice(open.upTo, end), true);
  }

  /** Draws the end of a long paragraph: healed while it is still being written (`open`). */
  #drawRest(text: string, open = false): void {
    const rest = this.#open!.rest;
    // Plain words (the usual case) are set as text: no parse, no sanitising, little garbage.
    if (!INLINE.test(text) || text.length > MAX_INLINE) rest.textContent = text.trimEnd();
    else rest.replaceChildren(inlineFragment(open ? healed(text.trimEnd()) : text.trimEnd()));
  }
}

const rawOf = (tokens: Token[]) => tokens.map((t) => t.raw).join('');

const inlineFragment = (text: string) => safeFragment(marked.parseInline(text, { async: false }));

/** The last space before a letter at or before `i` (0: none). */
function wordStart(text: string, i: number): number {
  while (i > 0 && !(text[i] === ' ' && /\p{L}/u.test(text[i + 1] ?? ''))) i--;
  return Math.max(i, 0);
}

/**
 * Where the start of a long paragraph's unsettled text can be cut so that the part before the
 * cut reads the same on its own as within the paragraph, and the part after still lexes as the
 * same paragraph (not a list item or a heading): at a space before a letter, after plain text
 * and inline constructs already closed. Syntax still open (a `*` or a backtick whose pair may
 * come later) stops it there. 0 when there is no such place yet.
 */
function safeCut(stretch: string): number {
  if (!SPANS.test(stretch)) return wordStart(stretch, stretch.length - 2);
  let cut = 0;
  let at = 0;
  for (const token of marked.Lexer.lexInline(stretch, marked.defaults)) {
    if (token.type === 'text') {
      const open = token.raw.search(SPANS);
      const last = open === -1 ? token.raw.length - 2 : open - 1;
      const start = wordStart(token.raw, last);
      if (start > 0) cut = at + start;
      if (open !== -1) break;
    }
    at += token.raw.length;
  }
  return cut;
}
