import { describe, expect, test } from 'vitest';
import { splitThink, type ThinkState } from '../../src/internal/think.js';

/** Feeds `pieces` as a stream would, the last one marked last; returns [answer, reasoning]. */
function feed(pieces: string[]): [string, string] {
  const state: ThinkState = { held: '' };
  const out: [string, string] = ['', ''];
  pieces.forEach((piece, i) => {
    const [answer, thought] = splitThink(state, piece, i === pieces.length - 1);
    out[0] += answer;
    out[1] += thought;
  });
  return out;
}

const TEXT = '<think>Is a < b? Yes.\nSo: b.</think>\n\nThe answer is b; models write <think> tags.';
const SPLIT: [string, string] = [
  'The answer is b; models write <think> tags.',
  'Is a < b? Yes.\nSo: b.',
];

describe('inline <think> blocks, split from the answer as they stream', () => {
  test('whole, or cut in two at every position (a tag cut anywhere)', () => {
    expect(feed([TEXT])).toEqual(SPLIT);
    for (let i = 0; i <= TEXT.length; i++)
      expect(feed([TEXT.slice(0, i), TEXT.slice(i)]), `cut at ${i}`).toEqual(SPLIT);
  });

  test('one character at a time', () => {
    expect(feed([...TEXT])).toEqual(SPLIT);
  });

  test('the blank lines after the block come in a piece of their own and are dropped', () => {
    expect(feed(['<think>x</think>', '\n', '\n', 'Answer.'])).toEqual(['Answer.', 'x']);
  });

  test('an answer with no block is left whole, "<think>" in it included', () => {
    expect(feed(['Use <think>', ' tags.'])).toEqual(['Use <think> tags.', '']);
    expect(feed(['Hello'])).toEqual(['Hello', '']);
  });

  test('what looked like the start of a tag, at the very end, is text', () => {
    expect(feed(['<thi'])).toEqual(['<thi', '']);
    expect(feed(['<think>never closed'])).toEqual(['', 'never closed']);
  });
});
