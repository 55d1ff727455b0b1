import { startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { markdownWriter } from '../src/render/markdown.js';
import { home, reply, run, startPty } from './run.js';
import { screenOf } from './screen.js';

/** A terminal-sized stand-in for stdout that keeps every byte written to it. */
function fakeTerminal(columns = 60, rows = 30) {
  let written = '';
  const out = {
    columns,
    rows,
    write(text: string) {
      written += text;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { out, written: () => written };
}

const ANSWER = `# Plan

Some **bold** text, *emphasis* and \`code *not emphasis*\`; a [link](https://example.com).

- first item
- [x] done item
1. numbered

> quoted words

| Name | Size |
|------|-----:|
| a | 1 |
| longer name | 12345 |

\`\`\`ts
const x: number = 1; // a comment
\`\`\`
---
Last line without a newline`;

/** Writes the answer in pieces of `size` characters, as a stream would deliver it. */
async function render(text: string, size: number, columns = 60) {
  const term = fakeTerminal(columns);
  const writer = markdownWriter(term.out);
  for (let i = 0; i < text.length; i += size) writer.write(text.slice(i, i + size));
  writer.end();
  return { raw: term.written(), screen: await screenOf(term.written(), columns) };
}

describe('Markdown in the terminal, as it streams', () => {
  test('renders block and inline syntax; the screen is the same however the text is split', async () => {
    const whole = await render(ANSWER, ANSWER.length);
    const { screen } = await render(ANSWER, 1);
    expect(screen).toEqual(whole.screen);
    expect(screen).toEqual([
      'Plan',
      '',
      // Wrapped at a word, one column short of the edge.
      'Some bold text, emphasis and code *not emphasis*; a link',
      '(https://example.com).',
      '',
      '• first item',
      '• ☑ done item',
      '1. numbered',
      '',
      '│ quoted words',
      '',
      '┌─────────────┬───────┐',
      '│ Name        │ Size  │',
      '├─────────────┼───────┤',
      '│ a           │ 1     │',
      '│ longer name │ 12345 │',
      '└─────────────┴───────┘',
      '',
      '```ts',
      'const x: number = 1; // a comment',
      '```',
      '─'.repeat(59),
      'Last line without a newline',
    ]);
  });

  test('styles with escape codes: bold, italic, and no emphasis inside a code span', async () => {
    const { raw } = await render('Some **bold**, *it* and `a *b* c`\n', 3);
    const last = raw.slice(raw.lastIndexOf('\r'));
    expect(last).toContain('\x1b[1mbold\x1b[22m');
    expect(last).toContain('\x1b[3mit\x1b[23m');
    expect(last).toContain('\x1b[36ma *b* c\x1b[39m');
  });

  test('code in a fence is coloured by its language once highlight.js has loaded', async () => {
    const term = fakeTerminal();
    const writer = markdownWriter(term.out);
    await writer.highlighting;
    writer.write('```ts\nconst answer = 42;\n```\nplain const\n');
    const lines = term.written().split('\n');
    // Keyword and number in colours of their own; the same words outside the fence are plain.
    expect(lines[1]).toMatch(/\x1b\[\d+mconst\x1b\[39m/);
    expect(lines[1]).toMatch(/\x1b\[\d+m42\x1b\[39m/);
    expect(lines[3]).not.toContain('\x1b[');
  });

  test('holds nothing back: a piece is on screen before its line ends', async () => {
    const term = fakeTerminal();
    const writer = markdownWriter(term.out);
    writer.write('Hello **wor');
    expect(await screenOf(term.written(), 60)).toEqual(['Hello **wor']);
    writer.write('ld** and more');
    expect(await screenOf(term.written(), 60)).toEqual(['Hello **world** and more']);
    writer.write('\n');
    expect(await screenOf(term.written(), 60)).toEqual(['Hello world and more']);
  });

  test('a line longer than the terminal is redrawn whole, not repeated, wrapped at words', async () => {
    const line = `${'word '.repeat(20)}**end**`;
    for (const size of [1, 7, 200]) {
      const { screen } = await render(`${line}\nnext\n`, size, 30);
      expect(screen).toEqual([
        ...Array(3).fill('word word word word word word'),
        'word word end',
        'next',
      ]);
    }
  });

  test('prose wraps at words; list items and quotes hang under their first word', async () => {
    const text =
      'The strengths of each approach are common knowledge by now.\n' +
      '- a list item long enough to need a second row in this width\n' +
      '  - nested, and also long enough to wrap onto another row\n' +
      '> a quoted remark that goes on for more than one row here\n';
    const { screen } = await render(text, 5, 32);
    expect(screen).toEqual([
      'The strengths of each approach',
      'are common knowledge by now.',
      '• a list item long enough to',
      '  need a second row in this',
      '  width',
      '  • nested, and also long',
      '    enough to wrap onto another',
      '    row',
      '│ a quoted remark that goes on',
      '│ for more than one row here',
    ]);
    // No word was cut at the edge.
    expect(screen.join(' ')).toContain('strengths');
  });

  test('a table wider than the terminal is fitted: cells wrap, borders close it', async () => {
    const head = '| Name | Role | Team | City | Started | Languages | Notes |';
    const rule = '|---|---|---|---|---|---|---|';
    const row =
      '| Ada Lovelace | Analyst | Engines | London | 1843 | Notes, tables | First published algorithm for a machine |';
    const { screen } = await render(`${head}\n${rule}\n${row}\n\n`, 9, 120);
    expect(screen.every((l) => l.length <= 119)).toBe(true);
    expect(screen[0]).toMatch(/^┌─+┬/);
    expect(screen.filter((l) => l.startsWith('└'))).toHaveLength(1);
    expect(screen.join('\n')).toContain('First published');
    // Seven columns in 40: no room for columns, so each row is stacked as header: value.
    const narrow = await render(`${head}\n${rule}\n${row}\n\n`, 9, 40);
    expect(narrow.screen).toContain('Name: Ada Lovelace');
    expect(narrow.screen).toContain('City: London');
    expect(narrow.screen.every((l) => l.length <= 40)).toBe(true);
  });

  test('control characters from the model never reach the terminal', async () => {
    const { raw } = await render('safe\x1b]52;c;ZXZpbA==\x07 text\x1b[2J\n', 4);
    expect(raw).not.toContain('\x1b]52');
    expect(raw).not.toContain('\x1b[2J');
    expect(raw).not.toContain('\x07');
  });
});

describe('the built binary', () => {
  // Paced like a model, so the answer arrives in many small pieces.
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ pace: 'realistic', ttftMs: 50, tokensPerSecond: 400 });
  });
  afterAll(() => mock.close());
  const online = (extra: NodeJS.ProcessEnv = {}) =>
    home({ COMPUT3_API_KEY: 'sk-render', COMPUT3_BASE_URL: mock.url, ...extra });
  const PROMPT = 'compare REST vs GraphQL';

  test('in a terminal, the answer is rendered Markdown, then the figures', async () => {
    const answer = await reply('hermes4:70b', PROMPT);
    const term = startPty([PROMPT], online().env);
    expect(await term.done).toBe(0);
    const screen = (await screenOf(term.raw())).join('\n');
    // The table drawn with box lines, the emphasis as styles rather than asterisks.
    expect(answer).toMatch(/^\|[- |]+\|$/m);
    expect(answer).toMatch(/^\*Offline mock/);
    expect(screen).toMatch(/├─+┼─+┼─+┤/);
    expect(screen).not.toMatch(/^\|/m);
    expect(screen).toMatch(/^Offline mock of hermes4:70b/);
    expect(screen).toMatch(/\nhermes4:70b · first token \d+ ms/);
  });

  test.each([80, 120, 200])(
    'at %i columns the first line is drawn once, rendered, never left raw above',
    async (columns) => {
      const term = startPty(
        ['--offline', 'How do I undo my last git commit?'],
        online({ PTY_COLUMNS: String(columns) }).env,
      );
      expect(await term.done).toBe(0);
      const screen = await screenOf(term.raw(), columns);
      expect(screen.filter((l) => l.includes('Offline mock of'))).toEqual([
        'Offline mock of hermes4:70b: written answers, not a real model.',
      ]);
      expect(screen.join('\n')).not.toContain('*Offline');
    },
  );

  test("--raw in a terminal, and any pipe, print exactly the model's bytes", async () => {
    const answer = await reply('hermes4:70b', PROMPT);
    const piped = await run(['--no-save', PROMPT], online().env);
    expect(piped.stdout).toBe(`${answer}\n`);
    const term = startPty(['--raw', PROMPT], online().env);
    expect(await term.done).toBe(0);
    expect(term.screen()).toContain(answer);
    // NO_COLOR: the Markdown as written, too.
    const plain = startPty([PROMPT], online({ NO_COLOR: '1' }).env);
    expect(await plain.done).toBe(0);
    expect(plain.screen()).toContain(answer);
  });
});
