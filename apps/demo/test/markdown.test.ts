// @vitest-environment jsdom
import { startMockServer } from '@comput3/mock';
import { describe, expect, test, vi } from 'vitest';
import { marked, renderMarkdown } from '../client/markdown.js';
import { StreamingMarkdown } from '../client/streaming-markdown.js';

describe('renderMarkdown (marked + DOMPurify)', () => {
  test('renders the common cases', () => {
    expect(renderMarkdown('Hello **world** and *you*')).toBe(
      '<p>Hello <strong>world</strong> and <em>you</em></p>\n',
    );
    expect(renderMarkdown('# Title\n\n- a\n- `b`')).toBe(
      '<h1>Title</h1>\n<ul>\n<li>a</li>\n<li><code>b</code></li>\n</ul>\n',
    );
    expect(renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |')).toContain('<td>1</td>');
    expect(renderMarkdown('```js\nlet a = 1 < 2;\n```')).toBe(
      '<pre><code class="language-js">let a = 1 &lt; 2;\n</code></pre>\n',
    );
    expect(renderMarkdown('[docs](https://comput3.ai/x)')).toBe(
      '<p><a href="https://comput3.ai/x" rel="noopener noreferrer" target="_blank">docs</a></p>\n',
    );
  });

  test('no emphasis inside a code span (the old regex renderer put it there)', () => {
    expect(renderMarkdown('`a *b* c` and **`x*y*`**')).toBe(
      '<p><code>a *b* c</code> and <strong><code>x*y*</code></strong></p>\n',
    );
  });

  test.each([
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '[click](javascript:alert(1))',
    '[x](https://a.test/"onmouseover="alert(1))',
    '```\n</code></pre><script>alert(1)</script>',
    '**<b onclick=alert(1)>bold</b>**',
    '![tracker](https://evil.test/pixel.gif)',
    '<a href="javascript:alert(1)">x</a>',
  ])('no markup from the answer survives: %s', (text) => {
    // Read as the browser would: what elements and attributes does the page get?
    const page = document.createElement('div');
    page.innerHTML = renderMarkdown(text);
    expect(page.querySelectorAll('script, img, b, style, iframe')).toHaveLength(0);
    for (const node of page.querySelectorAll('*')) {
      for (const { name, value } of node.attributes) {
        expect(name).not.toMatch(/^on/i);
        expect(value).not.toMatch(/^\s*javascript:/i);
      }
    }
  });
});

/**
 * Streams `text` into a StreamingMarkdown in `step`-character pieces, drawing a frame after
 * each (as when pieces arrive a frame apart), then finishes it. Returns the element and how
 * many characters marked's lexer was given each time.
 */
function stream(text: string, step: number): { element: HTMLElement; lexed: number[] } {
  let frame: FrameRequestCallback | undefined;
  vi.stubGlobal('requestAnimationFrame', (run: FrameRequestCallback) => ((frame = run), 1));
  vi.stubGlobal('cancelAnimationFrame', () => (frame = undefined));
  const lexed: number[] = [];
  const lexer = marked.lexer.bind(marked);
  vi.spyOn(marked, 'lexer').mockImplementation((src, options) => {
    lexed.push(src.length);
    return lexer(src, options);
  });
  try {
    const md = new StreamingMarkdown();
    for (let i = 0; i < text.length; i += step) {
      md.append(text.slice(i, i + step));
      frame?.(0);
      frame = undefined;
    }
    md.finish();
    return { element: md.element, lexed };
  } finally {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  }
}

/** The text as a reader sees it: rendered whole at once, or as streamed. */
const flat = (e: Element) => {
  const copy = e.cloneNode(true) as Element;
  for (const head of copy.querySelectorAll('.code-head')) head.remove();
  return copy.textContent!.replace(/\s+/g, ' ').trim();
};
function renderedWhole(text: string): HTMLElement {
  const whole = document.createElement('div');
  whole.innerHTML = renderMarkdown(text);
  return whole;
}
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('StreamingMarkdown', () => {
  const ANSWER =
    '# Plan\n\nSome **bold** text.\n\n- one\n- two\n\n```ts\nconst x = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nThe end, with `code`.';

  test('streamed in pieces, it ends as the whole text rendered at once', () => {
    const { element } = stream(ANSWER, 3);
    expect(flat(element)).toBe(flat(renderedWhole(ANSWER)));
    // Finished blocks were added once each: one heading, one list, one table, one code block.
    expect(element.querySelectorAll('h1, ul, table, pre')).toHaveLength(4);
    // Code is highlighted and has a Copy button.
    expect(element.querySelector('pre code .hljs-keyword')?.textContent).toBe('const');
    expect(element.querySelector('.code-block .copy-code')?.textContent).toBe('Copy');
    expect(element.querySelector('.code-block .code-lang')?.textContent).toBe('ts');
  });

  test('a long paragraph is settled in stretches, and still ends as one paragraph', () => {
    const words = 'rivers maps trains music lamps and quiet days by the sea '.repeat(60);
    const text = `Intro line.\n\n${words}then **bold** and \`code *x*\` at a: colon, snake_case ${words}end.\n\n- after`;
    const { element, lexed } = stream(text, 7);
    expect(flat(element)).toBe(flat(renderedWhole(text)));
    expect(element.querySelectorAll('p')).toHaveLength(2);
    expect(element.querySelector('p:nth-of-type(2) strong')?.textContent).toBe('bold');
    expect(element.querySelector('p:nth-of-type(2) code')?.textContent).toBe('code *x*');
    expect(element.querySelector('li')?.textContent).toBe('after');
    // Closed emphasis and code do not stop the stretches: once the paragraph is long, a frame
    // lexes only its last stretch (stopped at the first `**`, it lexed 3,484 characters a
    // frame, 141 times the text in all; the first 1,200 characters are lexed whole each frame).
    expect(Math.max(...lexed)).toBeLessThan(1_300);
    expect(sum(lexed)).toBeLessThan(text.length * 20);
  });

  test('emphasis still open is never cut: it closes across the stretches', () => {
    const words = 'rivers maps trains music lamps and quiet days by the sea '.repeat(40);
    const text = `${words}*an aside that ${words}ends here* and ${words}done.`;
    const { element } = stream(text, 5);
    expect(element.querySelectorAll('p')).toHaveLength(1);
    expect(element.querySelector('em')?.textContent).toBe(`an aside that ${words}ends here`);
  });

  // The smoothness budget itself (no main-thread task over 50 ms) is a timing, checked by
  // `pnpm bench` in Chromium (bench/long-tasks.test.ts). What makes it hold is checked here,
  // without a clock: each frame parses only the block being written, so the work per frame
  // does not grow with the reply.
  test('a 4,000-token reply: each frame parses the block being written, never the reply', async () => {
    const mock = await startMockServer();
    let text: string;
    try {
      const res = await fetch(`${mock.url}/chat/completions`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer mock-key',
          'content-type': 'application/json',
          'x-mock-reply-tokens': '4000',
        },
        body: JSON.stringify({
          model: 'hermes4:70b',
          messages: [{ role: 'user', content: 'write at length' }],
        }),
      });
      text = (await res.json()).choices[0].message.content;
    } finally {
      await mock.close();
    }
    expect(text.length).toBeGreaterThan(15_000);
    // About four tokens a frame, as at 240 tokens/s and 60 frames a second.
    const { element, lexed } = stream(text, 16);
    expect(flat(element)).toBe(flat(renderedWhole(text)));
    // Re-parsing the reply each frame would lex up to all of it, ~text²/32 characters in all
    // (this reply is one long paragraph after a short one: 600 times the text, when the cut
    // could not pass the colon in its first sentence).
    expect(Math.max(...lexed)).toBeLessThan(2_500);
    expect(sum(lexed)).toBeLessThan(text.length * 8);
  });
});

describe('replies marked cannot handle', () => {
  test('5,000 nested quotes and lists are flattened past 16 levels, and all the text is shown', () => {
    for (const text of [
      '>'.repeat(5000) + ' deep',
      '- '.repeat(5000) + 'deep',
      '> '.repeat(5000) + 'deep',
    ]) {
      const page = document.createElement('div');
      page.innerHTML = renderMarkdown(text);
      expect(page.querySelectorAll('blockquote, li').length).toBeLessThanOrEqual(16);
      expect(page.textContent).toContain('deep');
      const md = new StreamingMarkdown();
      md.append(text);
      md.finish();
      expect(md.element.textContent).toContain('deep');
    }
  });

  test('while streaming, open emphasis, code and links are drawn as they will end up', () => {
    let frame: FrameRequestCallback | undefined;
    vi.stubGlobal('requestAnimationFrame', (run: FrameRequestCallback) => ((frame = run), 1));
    vi.stubGlobal('cancelAnimationFrame', () => (frame = undefined));
    const words = 'rivers maps trains music lamps and quiet days by the sea '.repeat(30);
    try {
      for (const before of ['Use ', `${words}then use `]) {
        const md = new StreamingMarkdown();
        const draw = (piece: string) => {
          md.append(piece);
          frame?.(0);
          frame = undefined;
        };
        draw(`${before}**REST`);
        expect(md.element.querySelector('strong')?.textContent).toBe('REST');
        expect(md.element.textContent).not.toContain('**');
        draw('** or `fetch(');
        expect(md.element.querySelector('code')?.textContent).toBe('fetch(');
        draw('` and [the guide](https://exa');
        // A link whose address has not arrived is its text for now, never a wrong address.
        expect(md.element.textContent).toContain('the guide');
        expect(md.element.querySelector('a')).toBeNull();
        draw('mple.com/g).');
        expect(md.element.querySelector('a')?.getAttribute('href')).toBe('https://example.com/g');
        // Finished without its closing `, the text is the model's own: the backtick shows.
        draw(' Then `half');
        expect(md.element.querySelectorAll('code')).toHaveLength(2);
        md.finish();
        expect(md.element.textContent).toContain('Then `half');
      }
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test('when marked throws anyway, the reply is shown as escaped plain text', () => {
    const spy = vi.spyOn(marked, 'lexer').mockImplementation(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    try {
      const md = new StreamingMarkdown();
      md.append('<b>still</b> here ');
      md.append('and more');
      md.finish();
      expect(md.element.querySelector('.plain')!.textContent).toBe('<b>still</b> here and more');
      expect(md.element.querySelector('b')).toBeNull();
    } finally {
      spy.mockRestore();
    }
  });

  test('a 50 kB paragraph of `_a` is never given to the inline lexer whole', () => {
    const text = '_a'.repeat(25_000);
    const inline: number[] = [];
    const tokens = marked.Lexer.prototype.inlineTokens;
    vi.spyOn(marked.Lexer.prototype, 'inlineTokens').mockImplementation(function (
      this: InstanceType<typeof marked.Lexer>,
      src: string,
      ...rest: unknown[]
    ) {
      inline.push(src.length);
      return tokens.call(this, src, ...(rest as []));
    });
    let whole: HTMLElement;
    try {
      whole = renderedWhole(text);
    } finally {
      vi.restoreAllMocks();
    }
    expect(whole.textContent!.trim()).toBe(text);
    const { element } = stream(text, 400);
    expect(element.textContent!.trim()).toBe(text);
    // Before: one inline lex of all 50,000 characters (3.2 s in Chromium).
    expect(Math.max(...inline)).toBeLessThanOrEqual(4000);
  });

  test('control characters are not drawn', () => {
    const md = new StreamingMarkdown();
    md.append('a\u0007b\u001b[31mc\u009bd\u0000e\tf');
    md.finish();
    expect(md.element.textContent!.trim()).toBe('ab[31mcde\tf');
  });
});
