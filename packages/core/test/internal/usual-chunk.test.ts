// The server entry's quick look at a stream's usual chunk may only ever pass what the rules of
// shape.ts pass: checked on the usual chunks and on every way of breaking one.
import type { ChatCompletionChunk } from '@comput3/api';
import { expect, test } from 'vitest';
import { chunkProblem } from '../../src/internal/shape.js';
import { isUsualChunk } from '../../src/internal/usual-chunk.js';

const usual = (delta: unknown, more: object = {}) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  model: 'kimi-k2',
  choices: [{ index: 0, delta, finish_reason: null, ...more }],
});

const seen = (chunk: unknown) => isUsualChunk(structuredClone(chunk) as ChatCompletionChunk);
const ruled = (chunk: unknown) => chunkProblem(structuredClone(chunk) as ChatCompletionChunk);

test('the usual chunks are passed at a glance, and the rules pass them too', () => {
  const chunks = [
    usual({ content: 'Hel' }),
    usual({ role: 'assistant', content: '' }),
    usual({ reasoning_content: 'hmm' }),
    usual({ reasoning: 'hmm', content: null }),
    usual({}, { finish_reason: 'stop' }),
    usual({ tool_calls: null }),
    { ...usual({ content: 'x' }), usage: { prompt_tokens: 1, completion_tokens: 2 } },
    { ...usual({ content: 'x' }), usage: null },
    usual({ content: 'x', refusal: 42 }), // a field the SDK does not read is no concern of either
  ];
  for (const chunk of chunks) {
    expect(seen(chunk), JSON.stringify(chunk)).toBe(true);
    expect(ruled(chunk), JSON.stringify(chunk)).toBeUndefined();
  }
});

test('every broken or unusual chunk goes to the rules, which name what is wrong', () => {
  const broken: unknown[] = [
    null,
    'data',
    [],
    { choices: null },
    { choices: {} },
    { choices: [null] },
    { choices: ['x'] },
    usual({ content: 5 }),
    usual({ content: { toString: 'x' } }),
    usual({ reasoning_content: [] }),
    usual({ reasoning: 1 }),
    usual({ role: 7 }),
    usual('hi'),
    usual(['x']),
    usual({ content: 'x' }, { finish_reason: 1 }),
    usual({ content: 'x' }, { index: '0' }),
    usual({ content: 'x' }, { index: '__proto__' }),
    usual({ content: 'x' }, { index: -1 }),
    { ...usual({ content: 'x' }), usage: 'many' },
    { ...usual({ content: 'x' }), usage: [] },
    usual({ tool_calls: [{ index: 9999 }] }),
    usual({ tool_calls: 'call' }),
  ];
  for (const chunk of broken) {
    expect(seen(chunk), JSON.stringify(chunk)).toBe(false);
    expect(ruled(chunk) ?? `passed: ${JSON.stringify(chunk)}`).toMatch(
      /^(the answer|choices|usage)\b.* must /,
    );
  }
  // Not usual, yet right: left to the rules, which pass them.
  const unusual = [
    usual({ content: 'x' }, { index: 1 }),
    { choices: [] },
    { choices: [usual({ content: 'a' }).choices[0], { index: 1, delta: { content: 'b' } }] },
    usual({ tool_calls: [{ index: 0, id: 'c1', function: { name: 'f', arguments: '{}' } }] }),
    usual(undefined, { finish_reason: 'stop' }), // a last chunk without a delta
    usual(null, { finish_reason: 'stop' }),
  ];
  for (const chunk of unusual) {
    expect(seen(chunk), JSON.stringify(chunk)).toBe(false);
    expect(ruled(chunk), JSON.stringify(chunk)).toBeUndefined();
  }
});
