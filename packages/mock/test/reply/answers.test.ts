// The offline mock's written answers: each found by the questions people ask, none forced on a
// question it does not answer, Markdown that renders, and code that runs as written.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, test } from 'vitest';
import { findAnswer, LIBRARY } from '../../src/reply/answers/index.js';

describe('finding an answer', () => {
  test('the library has about fifty answers, each with distinct ids', () => {
    expect(LIBRARY.length).toBeGreaterThanOrEqual(45);
    expect(new Set(LIBRARY.map((e) => e.id)).size).toBe(LIBRARY.length);
  });

  test.each(LIBRARY.flatMap((e) => e.ask.map((q) => [q, e.id])))('"%s" finds %s', (q, id) => {
    expect(findAnswer(q)?.id).toBe(id);
  });

  test.each([
    ['how do I retry with backoff', 'retries-backoff'],
    ['inner join vs left join', 'sql-joins'],
    ['regex for email', 'regex'],
    ['how does the event loop work', 'event-loop'],
    ['binary search in python', 'binary-search'],
    ['websockets vs sse', 'sse-vs-websockets'],
    ['undo last commit', 'git-undo'],
    ['http 401 vs 403', 'http-status'],
    ['mongodb vs postgres', 'sql-vs-nosql'],
    ['cache-control header', 'http-caching'],
  ])('asked another way, "%s" finds %s', (q, id) => {
    expect(findAnswer(q)?.id).toBe(id);
  });

  test.each([
    'what is the weather on mars',
    'write a poem about cats',
    'how do I bake bread',
    'tell me a joke',
    'who won the world cup in 2018',
    'explain quantum computing',
    'what is rust',
    'write a python function to parse csv',
    'how do I center a div',
    'Postgres vs SQLite for a small app?',
    'My name is Ada',
  ])('"%s" has no written answer, and gets none', (q) => {
    expect(findAnswer(q)).toBeUndefined();
  });
});

/** Fenced blocks of one of these languages in a Markdown text. */
function blocks(text: string, langs: string[]): { lang: string; code: string }[] {
  const out: { lang: string; code: string }[] = [];
  for (const m of text.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)) {
    if (langs.includes(m[1]!)) out.push({ lang: m[1]!, code: m[2]! });
  }
  return out;
}

describe('the answers as written', () => {
  test.each(LIBRARY.map((e) => [e.id, e.answer]))(
    '%s: every table row has its header cells',
    (_, answer) => {
      for (const table of answer.matchAll(/(?:^\|.*\|$\n?)+/gm)) {
        const rows = table[0].trim().split('\n');
        const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length;
        for (const row of rows) expect(cells(row), row).toBe(cells(rows[0]!));
      }
      // Fences are closed.
      expect((answer.match(/^```/gm) ?? []).length % 2).toBe(0);
    },
  );

  const scratch = mkdtempSync(join(tmpdir(), 'mock-answers-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  // What needs a network, a server left running or another package is only parsed.
  const NEEDS_MORE = /fetch\(|listen\(|EventSource|from '(?!node:)[^']+'|getUser\(|import\s/;
  const code = LIBRARY.flatMap((e) =>
    blocks(e.answer, ['js', 'ts']).map((b, i) => [`${e.id} #${i + 1}`, b] as const),
  );

  test('there is code to run: most blocks run, the rest are parsed', () => {
    const runnable = code.filter(([, b]) => !NEEDS_MORE.test(b.code));
    expect(runnable.length).toBeGreaterThanOrEqual(12);
  });

  test.each(code)('%s runs (or parses) as written', (name, { lang, code: source }) => {
    const js =
      lang === 'ts'
        ? ts.transpileModule(source, {
            compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
            reportDiagnostics: true,
          }).outputText
        : source;
    const file = join(scratch, `${name.replace(/\W+/g, '-')}.mjs`);
    writeFileSync(file, js);
    if (NEEDS_MORE.test(source)) {
      execFileSync(process.execPath, ['--check', file]);
      return;
    }
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 10_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  const python = spawnSync('python3', ['--version']).status === 0;
  const py = LIBRARY.flatMap((e) =>
    blocks(e.answer, ['python']).map((b, i) => [`${e.id} #${i + 1}`, b.code] as const),
  );
  test.skipIf(!python).each(py)('%s runs with python3', (_, source) => {
    const run = spawnSync('python3', ['-c', source], { encoding: 'utf8', timeout: 10_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
