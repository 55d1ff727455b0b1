import { describe, expect, test } from 'vitest';
import { composeReply } from '../../src/reply/compose.js';

const DIFF = `diff --git a/src/retry.ts b/src/retry.ts
index 1111111..2222222 100644
--- a/src/retry.ts
+++ b/src/retry.ts
@@ -10,3 +10,9 @@ export const MAX = 3;
 const base = 500;
-const old = 1;
+export function backoff(attempt: number): number {
+  console.log('attempt', attempt);
+  const jitter: any = Math.random();
+  if (attempt == 0) return base;
+  return base * 2 ** attempt * jitter;
+}
 export default base;
`;

const ask = (...turns: string[]) =>
  composeReply(
    'kimi-k2',
    turns.map((content, i) => ({ role: i % 2 ? 'assistant' : 'user', content }) as const),
  );

describe('work over the text a message gives', () => {
  test('a commit message derived from the piped diff: the function and file, the counts', () => {
    const reply = ask(`${DIFF}\n\nWrite a commit message for this diff`);
    expect(reply.kind).toBe('task');
    expect(reply.text).toContain('Add backoff to retry.ts');
    expect(reply.text).toContain('- src/retry.ts: +6 -1; backoff');
    expect(reply.text).toContain('1 file, +6 -1');
  });

  test('review remarks name the file and line of each added line that calls for one', () => {
    const reply = ask(`${DIFF}\n\nReview this change.`);
    expect(reply.text).toContain('**src/retry.ts:12**: debug output left in');
    expect(reply.text).toContain('**src/retry.ts:13**: `any` turns type checking off');
    expect(reply.text).toContain('**src/retry.ts:14**: loose equality');
    expect(reply.text).toContain('No test changes beside new code (`backoff`)');
    const clean = ask(
      'diff --git a/a.test.ts b/a.test.ts\n--- a/a.test.ts\n+++ b/a.test.ts\n@@ -1 +1,2 @@\n+test("x", () => expect(1).toBe(1));\n\nreview this',
    );
    expect(clean.text).toContain('nothing in the added lines calls for a change');
  });

  test('a follow-up review reads the files sent earlier with -f', () => {
    const files =
      '### src/app.ts\n\n```ts\nconst apiKey = "sk-live-1234567890abcdef";\neval(input);\n```';
    const reply = ask(
      `What does this code do?\n\n${files}`,
      'It reads a key.',
      'What would you change?',
    );
    expect(reply.text).toContain('**src/app.ts:1**: looks like a secret written into the code');
    expect(reply.text).toContain('**src/app.ts:2**: code built from strings');
  });

  test('an extractive summary: the sentences with the most frequent words, in their order', () => {
    const text =
      'Rivers carry water to the sea. Rivers shape valleys and rivers feed farms. ' +
      'The weather was mild on Tuesday. Farms along rivers need water every season. ' +
      'A cat slept on the porch. Water from rivers also cools power plants.';
    const reply = ask(`summarise this: ${text}`);
    expect(reply.kind).toBe('task');
    expect(reply.text).toContain('(2 of 6 sentences');
    expect(reply.text).toContain('- Rivers shape valleys and rivers feed farms.');
    expect(reply.text).not.toContain('cat slept');
    // Piped: the text is the message's other paragraphs.
    expect(ask(`${text}\n\nsummarize this`).text).toContain('Rivers shape valleys');
    // The prompt, after the piped text, says what to do, whatever words that text uses.
    const minutes = 'The budget review found three overruns. Lunch was good.';
    expect(ask(`${minutes}\n\nsummarise this`).text).toContain('**Summary**');
  });

  test('"make it shorter" shortens the answer before it; "And in French?" translates it', () => {
    const first = ask('Name three uses of a Bloom filter').text;
    const shorter = ask('Name three uses of a Bloom filter', first, 'make it shorter');
    expect(shorter.kind).toBe('task');
    expect(shorter.text.length).toBeLessThan(first.length / 2);
    const french = ask('Name three uses of a Bloom filter', first, 'And in French?');
    expect(french.text).toContain('Un **filtre de Bloom**');
    const system = composeReply('kimi-k2', [
      { role: 'system', content: 'Answer in French.' },
      { role: 'user', content: 'Name three rivers' },
    ]);
    expect(system.text).toContain("Le Nil, l'Amazone et le Yangtsé");
  });

  test('hostile text stays linear: unclosed fences, long lines, a huge diff', () => {
    const fences = '### a.ts\n\n```ts\n'.repeat(40_000);
    const spaces = `catch${' '.repeat(200_000)}x`;
    const big = `diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n${'+const a = 1;\n'.repeat(50_000)}`;
    const gap = ' '.repeat(200_000);
    const catchLine = `diff --git a/x.ts b/x.ts\n--- a/x.ts\n+++ b/x.ts\n@@ -1 +1 @@\n+catch${gap}x\n`;
    // Patterns that could retry every split of a long run of spaces, each given one.
    for (const text of [`and in french${gap}x`, `hello${gap}x y`, `and then${gap}x`]) {
      expect(ask(text).kind).not.toBe('greeting');
    }
    for (const text of [
      `${fences}\n\nreview this`,
      `${spaces}\n\nreview this`,
      `${big}\n\nreview this`,
      `${catchLine}\nreview this`,
    ]) {
      // One pass each: a quadratic scan of these would run for minutes, past the test's
      // timeout (the trailing-space trim of facts.ts did, at 200,000 spaces: 18 s).
      expect(ask(text).kind).toBe('task');
    }
  });
});

describe('"and in Python?": the question before, in another language', () => {
  const first = (q: string) => ask(q).text;

  test('the code of the answer before, in that language, when it has some', () => {
    const q = 'binary search in a sorted array';
    const reply = ask(q, first(q), 'and in Python?');
    expect(reply.kind).toBe('task');
    expect(reply.text).toMatch(/^In Python:\n\n```python\n/);
    expect(reply.text).not.toContain('```ts');
  });

  test('another written answer on the same subject, never one that only mentions Python', () => {
    const q = 'Name three uses of a Bloom filter';
    const reply = ask(q, first(q), 'and in Python?');
    expect(reply.text).toContain('class BloomFilter');
    expect(reply.text).not.toContain('comprehension');
  });

  test('none in that language: said, with the languages there are', () => {
    const q = 'Write a TypeScript function that retries fetch';
    expect(ask(q, first(q), 'what about in Rust?').text).toBe(
      'I have no written answer to "Write a TypeScript function that retries fetch" in Rust: I am the offline mock, and I would rather say so than make one up. The answer above has code in TypeScript.',
    );
    expect(ask('and in Python?').text).toContain('In Python, gladly: what should I write?');
  });

  test('"in production?" or a long message is not a language follow-up', () => {
    const q = 'Name three uses of a Bloom filter';
    expect(ask(q, first(q), 'and in production?').text).not.toContain('class BloomFilter');
    expect(ask(q, first(q), `and in Python? ${'more words '.repeat(5)}`).kind).not.toBe('task');
  });
});

describe('"What does this code do?" over the files given', () => {
  test('each file: its language, what it defines and what it uses, read from the code', () => {
    const reply = ask(
      "What does this code do?\n\n### src/retry.ts\n\n```ts\nimport { sleep } from './sleep.js';\nexport async function retry(fn: () => Promise<void>) {\n  await fn();\n}\nexport const MAX = 3;\n```",
    );
    expect(reply.kind).toBe('task');
    expect(reply.text).toContain(
      '- **src/retry.ts** (TypeScript, 5 lines); defines `retry`, `MAX`; uses `./sleep.js`.',
    );
  });

  test('no code given: says how to give it', () => {
    expect(ask('What does this code do?').text).toContain('add the files with `-f`');
  });
});
