import { describe, expect, test } from 'vitest';
import { renderMarkdown } from '../client/markdown.js';

describe('renderMarkdown', () => {
  test('renders the common cases', () => {
    expect(renderMarkdown('Hello **world** and *you*')).toBe(
      '<p>Hello <strong>world</strong> and <em>you</em></p>',
    );
    expect(renderMarkdown('# Title\n\n- a\n- `b`')).toBe(
      '<h3>Title</h3><ul><li>a</li><li><code>b</code></li></ul>',
    );
    expect(renderMarkdown('1. one\n2. two')).toBe('<ol><li>one</li><li>two</li></ol>');
    expect(renderMarkdown('```js\nlet a = 1 < 2;\n```')).toBe(
      '<pre><code>let a = 1 &lt; 2;</code></pre>',
    );
    expect(renderMarkdown('[docs](https://comput3.ai/x)')).toBe(
      '<p><a href="https://comput3.ai/x" rel="noopener noreferrer" target="_blank">docs</a></p>',
    );
  });

  test.each([
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '[click](javascript:alert(1))',
    '[x](https://a.test/"onmouseover="alert(1))',
    '```\n</code></pre><script>alert(1)</script>',
    '**<b onclick=alert(1)>bold</b>**',
  ])('no markup from the answer survives: %s', (text) => {
    const html = renderMarkdown(text);
    expect(html).not.toMatch(/<(script|img|b)\b/i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).not.toMatch(/"\s*on\w+=/i);
  });

  test('an unclosed fence mid-stream renders as code so far', () => {
    expect(renderMarkdown('Look:\n```\nconst x')).toBe(
      '<p>Look:</p><pre><code>const x</code></pre>',
    );
  });
});
