import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { describe, expect, test } from 'vitest';
import { composeReply } from '../../src/reply/compose.js';
import { planReply } from '../../src/reply/plan.js';
import { loadTokenizer } from '../../src/reply/tokens.js';

const messages = [
  { role: 'system' as const, content: 'You answer in Markdown.' },
  { role: 'user' as const, content: 'explain SSE with an example, héllo 🎉' },
];
const join = (tokens: Iterable<string>) => [...tokens].join('');

describe('planReply', () => {
  test('the tokens join to the composed reply and count as cl100k_base counts it', async () => {
    const plan = await planReply({ model: 'kimi-k2', messages }, undefined);
    const text = composeReply('kimi-k2', messages).text;
    expect(join(plan.tokens)).toBe(text);
    expect(plan.completionTokens).toBe(encode(text).length);
    expect(plan.finishReason).toBe('stop');
  });

  test('prompt tokens: each message costs its role and content plus 3, the reply 3 more', async () => {
    const plan = await planReply({ model: 'kimi-k2', messages }, undefined);
    const counted = messages.reduce(
      (n, m) => n + 3 + encode(m.role).length + encode(m.content).length,
      3,
    );
    expect(plan.promptTokens).toBe(counted);
  });

  test('max_tokens cuts on a token boundary with finish_reason "length"', async () => {
    const whole = join((await planReply({ model: 'kimi-k2', messages }, undefined)).tokens);
    for (const max of [1, 2, 7, 40]) {
      const cut = await planReply({ model: 'kimi-k2', messages, max_tokens: max }, undefined);
      const text = join(cut.tokens);
      expect(cut.finishReason).toBe('length');
      expect(cut.completionTokens).toBe(max);
      expect(whole.startsWith(text)).toBe(true);
      expect(encode(text).length).toBeLessThanOrEqual(max);
    }
  });

  test('x-mock-reply-tokens: exactly N tokens, continued with one-token filler words', async () => {
    const plan = await planReply({ model: 'kimi-k2', messages }, 5000);
    const text = join(plan.tokens);
    expect(plan.completionTokens).toBe(5000);
    expect([...plan.tokens]).toHaveLength(5000);
    // Re-encoding may merge a few pieces at the seam, never more than that.
    expect(Math.abs(encode(text).length - 5000)).toBeLessThan(5);
  });

  test('every filler word is one token', async () => {
    const tokenizer = await loadTokenizer();
    expect(tokenizer.filler.length).toBeGreaterThan(20);
    for (const word of tokenizer.filler) expect(encode(word)).toHaveLength(1);
  });
});
