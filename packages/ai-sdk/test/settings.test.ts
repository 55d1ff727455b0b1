import { describe, expect, test, vi } from 'vitest';

// The spec gains `seed` and `stop`: what `pnpm generate` would write, over today's rules.
vi.mock('@comput3/api/constants', async (original) => {
  const real = await original<typeof import('@comput3/api/constants')>();
  const chat = real.REQUEST_RULES.ChatCompletionRequest!;
  return {
    ...real,
    REQUEST_RULES: {
      ...real.REQUEST_RULES,
      ChatCompletionRequest: { ...chat, p: { ...chat.p, seed: { t: 'i' }, stop: { t: 'a' } } },
    },
  };
});

const { toParams } = await import('../src/convert.js');

describe('which AI SDK settings are sent is the spec’s to say', () => {
  test('a setting whose field the spec has is sent; the others are warnings', () => {
    const warnings: unknown[] = [];
    const params = toParams(
      'kimi-k2',
      {
        prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
        seed: 7,
        stopSequences: ['END'],
        topK: 3,
      },
      warnings as never,
    );
    expect(params).toMatchObject({ seed: 7, stop: ['END'] });
    expect(params).not.toHaveProperty('top_k');
    expect(warnings).toEqual([{ type: 'unsupported', feature: 'topK' }]);
  });
});
