import { KNOWN_MODELS } from '@comput3/api';
import { describe, expect, test } from 'vitest';
import { findAnswer } from '../../src/reply/answers/index.js';
import { inVoice } from '../../src/reply/voices.js';

const QUESTIONS = [
  'Name three uses of a Bloom filter',
  'Write a TypeScript function that retries fetch',
  'REST vs GraphQL',
  'Explain the event loop',
];
const answerTo = (q: string) => findAnswer(q)!.answer;
const fences = (text: string) => text.match(/```[\s\S]*?```/g) ?? [];
/** The lines a voice adds: its labels' sentences are the answer's own, its offers are not. */
const ADDED = /^(\*\*(In short|Short answer|The gist|To sum up|In one line|Bottom line):\*\* )/;

describe('each model in its own voice, each seed another wording', () => {
  test('Compare: the documented models do not all say it word for word alike', () => {
    for (const q of QUESTIONS) {
      const texts = new Set(KNOWN_MODELS.map((m) => inVoice(answerTo(q), m, q)));
      expect(texts.size, q).toBeGreaterThanOrEqual(3);
    }
  });

  test('Regenerate: another seed is another wording; the same seed the same one', () => {
    for (const model of KNOWN_MODELS) {
      const q = QUESTIONS[0]!;
      const [a, b, c] = [0, 1, 2].map((seed) => inVoice(answerTo(q), model, q, seed));
      expect(new Set([a, b, c]).size, model).toBe(3);
      expect(inVoice(answerTo(q), model, q, 1)).toBe(b);
    }
  });

  test('the reference voice is the answer as written', () => {
    for (const q of QUESTIONS) expect(inVoice(answerTo(q), 'hermes4:70b', q)).toBe(answerTo(q));
  });

  test('still true: every block is the answer’s own, code unchanged, summaries its sentences', () => {
    for (const q of QUESTIONS) {
      const answer = answerTo(q);
      // Summary lines drop the answer's bold (their label is bold): compared without it.
      const plain = answer.replace(/\s+/g, ' ').replaceAll('**', '');
      for (const model of [...KNOWN_MODELS, 'some-unknown-model'])
        for (const seed of [0, 1, 2, 3]) {
          const worded = inVoice(answer, model, q, seed);
          for (const code of fences(worded)) expect(fences(answer)).toContain(code);
          for (const block of worded.split(/\n\n(?![^`]*```)/)) {
            const said = block
              .replace(ADDED, '')
              .replace(/\.$/, '')
              .replace(/\s+/g, ' ')
              .replaceAll('**', '');
            if (/^(Want me|Tell me which|I can expand)/.test(said)) continue;
            // A block moved away from its code ends in "." where it had ":".
            expect(plain.includes(said) || plain.includes(said.replace(/\.$/, ':')), said).toBe(
              true,
            );
          }
        }
    }
  });

  test('a brief voice gives the first part, unless the question asks for detail', () => {
    const q = QUESTIONS[0]!;
    const brief = inVoice(answerTo(q), 'claude-sonnet-4', q);
    expect(brief.length).toBeLessThan(answerTo(q).length);
    expect(brief).toContain('3. **Checking a large blocklist cheaply**');
    const detailed = inVoice(answerTo(q), 'claude-sonnet-4', `${q}, in detail`);
    expect(detailed).toContain(answerTo(q));
  });
});
