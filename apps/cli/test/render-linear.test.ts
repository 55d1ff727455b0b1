// The renderer's work grows with the answer, never with its square: each row of a table, each
// character of a word, each byte of a line is handled a bounded number of times. Counted, not
// timed: the test counts what the renderer measures and renders, so a machine's speed cannot
// make it pass or fail. (`pnpm bench` measures the time against --raw.)
import { describe, expect, test, vi } from 'vitest';

const counts = { inline: 0, measured: 0 };
vi.mock('../src/render/line.js', async (original) => {
  const real = await original<typeof import('../src/render/line.js')>();
  return { ...real, inline: (text: string) => (counts.inline++, real.inline(text)) };
});
vi.mock('string-width', async (original) => {
  const real = (await original<{ default: (text: string) => number }>()).default;
  return { default: (text: string) => ((counts.measured += text.length), real(text)) };
});
const { markdownWriter } = await import('../src/render/markdown.js');

function terminal(columns = 80, rows = 24) {
  let bytes = 0;
  const out = {
    columns,
    rows,
    write(text: string) {
      bytes += text.length;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { out, bytes: () => bytes };
}

describe('rendering is linear', () => {
  test('a table of 400 rows renders each row once (it was every row at every row)', () => {
    counts.inline = 0;
    const { out } = terminal();
    const writer = markdownWriter(out);
    writer.write('| id | name | note |\n|---|---|---|\n');
    for (let i = 0; i < 400; i++) writer.write(`| ${i} | row ${i} | *note* ${i} |\n`);
    writer.end();
    // Three cells a row, and the header's: rendered once each.
    expect(counts.inline).toBe(3 * 401);
  });

  test('a 200,000-character word is measured a bounded number of times per character', () => {
    counts.measured = 0;
    const { out } = terminal();
    const writer = markdownWriter(out);
    const word = 'é'.repeat(200_000); // not ASCII: every character is measured
    for (let i = 0; i < word.length; i += 1000) writer.write(word.slice(i, i + 1000));
    writer.end();
    expect(counts.measured).toBeLessThan(3 * word.length);
  });

  test('a line taller than the screen is printed once, not drawn again at its end', () => {
    const { out, bytes } = terminal();
    const writer = markdownWriter(out);
    const line = 'word '.repeat(400_000); // 2 MB, one line
    for (let i = 0; i < line.length; i += 4096) writer.write(line.slice(i, i + 4096));
    writer.write('\n');
    writer.end();
    // The line, its wrapping, and nothing more: drawn again, it was twice this.
    expect(bytes()).toBeLessThan(line.length * 1.1);
  });
});
