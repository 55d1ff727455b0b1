/**
 * A small Markdown renderer that is safe by construction: every character of the model's text
 * is HTML-escaped first, and only then are a few patterns turned into tags (code, emphasis,
 * headings, lists, http(s) links). No raw HTML from the answer can reach the page.
 */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function inline(escaped: string): string {
  return escaped
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
    .replace(
      /\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g,
      '<a href="$2" rel="noopener noreferrer" target="_blank">$1</a>',
    );
}

function blocks(text: string): string {
  const out: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | undefined;
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length)
      out.push(`<p>${inline(escapeHtml(paragraph.join('\n'))).replace(/\n/g, '<br>')}</p>`);
    paragraph = [];
    if (list)
      out.push(`<${list.tag}>${list.items.map((i) => `<li>${i}</li>`).join('')}</${list.tag}>`);
    list = undefined;
  };
  for (const line of text.split('\n')) {
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const item = /^\s*(?:([-*])|(\d+)\.)\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1]!.length + 2; // h3..h5: answers sit below the page's own headings
      out.push(`<h${level}>${inline(escapeHtml(heading[2]!))}</h${level}>`);
    } else if (item) {
      const tag = item[1] ? 'ul' : 'ol';
      if (paragraph.length || (list && list.tag !== tag)) flush();
      list ??= { tag, items: [] };
      list.items.push(inline(escapeHtml(item[3]!)));
    } else if (line.trim() === '') {
      flush();
    } else {
      if (list) flush();
      paragraph.push(line);
    }
  }
  flush();
  return out.join('');
}

export function renderMarkdown(text: string): string {
  // Fenced code first: odd pieces are code (an unclosed fence, mid-stream, runs to the end).
  return text
    .split('```')
    .map((piece, i) => {
      if (i % 2 === 0) return blocks(piece);
      const newline = piece.indexOf('\n');
      const code = newline === -1 ? piece : piece.slice(newline + 1);
      return `<pre><code>${escapeHtml(code.replace(/\n$/, ''))}</code></pre>`;
    })
    .join('');
}
