import { describe, expect, test } from 'vitest';
import { composeReply, topicWords } from '../../src/reply/compose.js';

const user = (content: string) => [{ role: 'user' as const, content }];

// Markdown structures, recognised as a renderer would see them.
const has = {
  fence: (text: string, lang: string) =>
    new RegExp(`^\`\`\`${lang}\\n[\\s\\S]+?\\n\`\`\`$`, 'm').test(text),
  list: (text: string) => /^(- |\d+\. )\S/m.test(text),
  bold: (text: string) => /\*\*[^*\n]+\*\*/.test(text),
  table: (text: string) => /^\|.*\|\n\| --- \|/m.test(text),
  inlineCode: (text: string) => /[^`]`[^`\n]+`[^`]/.test(text),
  paragraphs: (text: string) => text.split('\n\n').length,
};

describe('composeReply', () => {
  test('the same conversation gives the same reply; another gives another', () => {
    const a = composeReply('kimi-k2', user('explain SSE with an example'));
    expect(composeReply('kimi-k2', user('explain SSE with an example'))).toEqual(a);
    expect(composeReply('qwen3-max', user('explain SSE with an example')).text).not.toBe(a.text);
    expect(composeReply('kimi-k2', user('explain CORS with an example')).text).not.toBe(a.text);
  });

  test('says once, on its first line, that it is a local mock', () => {
    const { text } = composeReply('kimi-k2', user('explain event loops in detail'));
    expect(text.split('\n')[0]).toBe(
      "*Offline mock of kimi-k2: a generated stand-in, not a real model's answer.*",
    );
    expect(text.match(/mock/gi)).toHaveLength(1);
  });

  test.each([
    ['write a python function that parses CSV', 'python'],
    ['show me a TypeScript example of retries', 'typescript'],
    ['a SQL query for the latest orders, with code', 'sql'],
    ['write a bash script to back up a folder', 'bash'],
    ['code in rust to read a file', 'rust'],
    ['give me some code to debounce input', 'typescript'],
  ])('asked for code (%s): a fenced block in %s', (prompt, lang) => {
    const reply = composeReply('qwen3-coder:480b', user(prompt));
    expect(reply.kind).toBe('code');
    expect(has.fence(reply.text, lang)).toBe(true);
    expect(has.list(reply.text)).toBe(true);
  });

  test('a comparison gets a table naming both sides', () => {
    const reply = composeReply('deepseek-v3.1', user('Postgres vs SQLite for a small app?'));
    expect(reply.kind).toBe('compare');
    expect(has.table(reply.text)).toBe(true);
    expect(reply.text).toContain('| | Postgres | SQLite |');
  });

  test('asked for detail: a longer answer with paragraphs, a list and bold', () => {
    const detail = composeReply('hermes4:70b', user('explain in detail how caching works'));
    const short = composeReply('hermes4:70b', user('is caching useful?'));
    expect(detail.kind).toBe('detail');
    expect(short.kind).toBe('short');
    expect(has.paragraphs(detail.text)).toBeGreaterThanOrEqual(5);
    expect(has.list(detail.text)).toBe(true);
    expect(has.bold(detail.text)).toBe(true);
    expect(detail.text.length).toBeGreaterThan(short.text.length * 3);
    expect(short.text).toMatch(/caching/i);
  });

  test('a greeting gets a greeting', () => {
    expect(composeReply('kimi-k2', user('hello!')).kind).toBe('greeting');
  });

  test('across a set of prompts, every structure appears', () => {
    const prompts = [
      'hi',
      'what is a monad?',
      'explain TCP slow start',
      'why is my build slow? walk me through it',
      'write a function to slugify titles',
      'python example for reading JSON',
      'REST vs GraphQL',
      'difference between threads and processes',
      'describe the CAP theorem in depth',
      'quick question: tabs or spaces?',
    ];
    const all = prompts.map((p) => composeReply('kimi-k2', user(p)).text).join('\n\n');
    expect(has.fence(all, 'typescript')).toBe(true);
    expect(has.fence(all, 'python')).toBe(true);
    expect(has.table(all)).toBe(true);
    expect(has.list(all)).toBe(true);
    expect(has.bold(all)).toBe(true);
    expect(new Set(prompts.map((p) => composeReply('kimi-k2', user(p)).kind)).size).toBe(5);
  });

  test('the topic comes from the user, in their own spelling', () => {
    expect(topicWords('Explain SSE with an example')).toEqual(['SSE']);
    expect(composeReply('kimi-k2', user('explain SSE with an example')).text).toContain('SSE');
  });

  test('no user message: a short prompt to send one', () => {
    const reply = composeReply('kimi-k2', [{ role: 'system', content: 'Be brief.' }]);
    expect(reply.kind).toBe('empty');
  });
});
