import { describe, expect, test } from 'vitest';
import { composeReply, topicWords } from '../../src/reply/compose.js';

const user = (content: string) => [{ role: 'user' as const, content }];
type M = { role: 'user' | 'assistant' | 'system'; content: string };
/** A conversation: user and assistant alternate, user first, the mock's own answers between. */
function conversation(...said: string[]): M[] {
  const messages: M[] = [];
  for (const text of said) {
    messages.push({ role: 'user', content: text });
    messages.push({ role: 'assistant', content: composeReply('kimi-k2', messages).text });
  }
  return messages.slice(0, -1);
}

describe('composeReply', () => {
  test('the same conversation gives the same reply', () => {
    const a = composeReply('kimi-k2', user('explain SSE with an example'));
    expect(composeReply('kimi-k2', user('explain SSE with an example'))).toEqual(a);
    expect(composeReply('kimi-k2', user('explain CORS')).text).not.toBe(a.text);
  });

  test('says that it is the mock once per conversation: on its first answer only', () => {
    const first = composeReply('kimi-k2', user('explain SSE with an example')).text;
    expect(first.split('\n')[0]).toBe(
      '*Offline mock of kimi-k2: written answers, not a real model.*',
    );
    const later = composeReply('kimi-k2', conversation('hello', 'explain SSE with an example'));
    expect(later.text).not.toMatch(/offline mock of/i);
    expect(later.kind).toBe('answer');
  });

  test.each([
    ['explain SSE with an example', 'sse'],
    ['Explain server-sent events step by step', 'sse'],
    ['Compare REST vs GraphQL', 'rest-vs-graphql'],
    ['Write a TypeScript function that retries fetch', 'retry-fetch'],
    ['What is the difference between git rebase and merge?', 'git-rebase-merge'],
    ['Name three rivers', 'rivers'],
  ])('%s: the written answer (%s)', (prompt, id) => {
    const reply = composeReply('hermes4:70b', user(prompt));
    expect(reply.kind).toBe('answer');
    expect(reply.answer).toBe(id);
  });

  test('remembers what was said earlier in the conversation', () => {
    const named = conversation('My name is Ada', 'I live in Lisbon');
    expect(composeReply('kimi-k2', user('My name is Ada')).text).toContain(
      'Nice to meet you, Ada!',
    );
    const asked = composeReply('kimi-k2', [
      ...named,
      { role: 'user', content: 'What is my name?' },
    ]);
    expect(asked).toMatchObject({ kind: 'fact', text: 'Your name is Ada.' });
    const where = composeReply('kimi-k2', [
      ...named,
      { role: 'user', content: 'where do I live?' },
    ]);
    expect(where.text).toBe('You said you live in Lisbon.');
    expect(composeReply('kimi-k2', user('what is my name?')).text).toContain("haven't told me");
  });

  test('works out arithmetic, and leaves what is not a sum alone', () => {
    expect(composeReply('kimi-k2', conversation('hi', 'what is 12 * (3 + 4)?')).text).toBe(
      '12 * (3 + 4) = **84**',
    );
    expect(composeReply('kimi-k2', conversation('hi', '2^10 - 24 / 4')).text).toBe(
      '2^10 - 24 / 4 = **1018**',
    );
    expect(composeReply('kimi-k2', user('what is 2026?')).kind).not.toBe('arithmetic');
  });

  test('with no written answer, says so plainly and suggests questions it can answer', () => {
    const reply = composeReply('kimi-k2', conversation('hi', 'write a poem about cats'));
    expect(reply.kind).toBe('unknown');
    expect(reply.text).toContain(`I don't have an answer to "write a poem about cats"`);
    expect(reply.text.match(/^- /gm)).toHaveLength(4);
    // Advice for whoever reads it: by default, how to call the real API; else what it was told.
    expect(reply.text).toContain('https://api.comput3.ai/v1');
    expect(reply.text).not.toContain('--offline');
    const told = composeReply('kimi-k2', user('write a poem about cats'), 'Start it with a key.');
    expect(told.text.endsWith('Start it with a key.')).toBe(true);
    const about = composeReply('kimi-k2', user('what can you do'), 'Start it with a key.');
    expect(about.text).toContain('rather than make one up. Start it with a key.');
  });

  test('a greeting gets a greeting; no user message, a prompt to send one', () => {
    expect(composeReply('kimi-k2', user('hello!')).kind).toBe('greeting');
    expect(composeReply('kimi-k2', [{ role: 'system', content: 'Be brief.' }]).kind).toBe('empty');
  });

  test('the topic words of a question, in the user own spelling (the tool planner uses them)', () => {
    expect(topicWords('Explain SSE with an example')).toEqual(['SSE']);
  });
});
