// @vitest-environment jsdom
import { describe, expect, test, vi } from 'vitest';
import { renderMarkdown } from '../client/markdown.js';
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

describe('StreamingMarkdown', () => {
  const ANSWER =
    '# Plan\n\nSome **bold** text.\n\n- one\n- two\n\n```ts\nconst x = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nThe end, with `code`.';

  test('streamed in pieces, it ends as the whole text rendered at once', () => {
    vi.stubGlobal('requestAnimationFrame', (run: FrameRequestCallback) => (run(0), 1));
    vi.stubGlobal('cancelAnimationFrame', () => {});
    try {
      const md = new StreamingMarkdown();
      for (let i = 0; i < ANSWER.length; i += 3) md.append(ANSWER.slice(i, i + 3));
      md.finish();
      const whole = document.createElement('div');
      whole.innerHTML = renderMarkdown(ANSWER);
      const text = (e: Element) => e.textContent!.replace(/Copy/g, '').replace(/\s+/g, ' ').trim();
      expect(text(md.element)).toBe(text(whole));
      // Finished blocks were added once each: one heading, one list, one table, one code block.
      expect(md.element.querySelectorAll('h1, ul, table, pre')).toHaveLength(4);
      // Code is highlighted and has a Copy button.
      expect(md.element.querySelector('pre code .hljs-keyword')?.textContent).toBe('const');
      expect(md.element.querySelector('pre .copy-code')?.textContent).toBe('Copy');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test('a long paragraph is settled in stretches, and still ends as one paragraph', () => {
    vi.stubGlobal('requestAnimationFrame', (run: FrameRequestCallback) => (run(0), 1));
    vi.stubGlobal('cancelAnimationFrame', () => {});
    try {
      const words = 'rivers maps trains music lamps and quiet days by the sea '.repeat(60);
      const text = `Intro line.\n\n${words}then **bold** and \`code *x*\` at a: colon ${words}end.\n\n- after`;
      const md = new StreamingMarkdown();
      for (let i = 0; i < text.length; i += 7) md.append(text.slice(i, i + 7));
      md.finish();
      const whole = document.createElement('div');
      whole.innerHTML = renderMarkdown(text);
      const flat = (e: Element) => e.textContent!.replace(/\s+/g, ' ').trim();
      expect(flat(md.element)).toBe(flat(whole));
      expect(md.element.querySelectorAll('p')).toHaveLength(2);
      expect(md.element.querySelector('p:nth-of-type(2) strong')?.textContent).toBe('bold');
      expect(md.element.querySelector('p:nth-of-type(2) code')?.textContent).toBe('code *x*');
      expect(md.element.querySelector('li')?.textContent).toBe('after');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
