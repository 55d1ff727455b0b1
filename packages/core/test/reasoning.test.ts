// Reasoning apart from the answer, in every form: chunks, the folded message, finalCompletion(),
// an answer not streamed, and the figures. Bodies are async generators: one yield, one chunk.
import { describe, expect, test } from 'vitest';
import { chunk, client, event, json, scriptedFetch, sse } from './helpers.js';

const hermes = { model: 'hermes4:70b', messages: [{ role: 'user' as const, content: 'Hi' }] };
const withModel = (model: string, c: ReturnType<typeof chunk>) => ({ ...c, model });

/** Hermes writes its reasoning inline; the tags cut across chunks here on purpose. */
async function* inline(model = 'hermes4:70b') {
  for (const piece of [
    '<thi',
    'nk>Two plus',
    ' two.</th',
    'ink>\n',
    '\n',
    '4, and <think> is a tag.',
  ])
    yield event(withModel(model, chunk({ content: piece })));
  yield event(withModel(model, chunk({}, 'stop')));
  yield event({
    ...withModel(model, chunk({})),
    choices: [],
    usage: {
      prompt_tokens: 3,
      completion_tokens: 20,
      total_tokens: 23,
      completion_tokens_details: { reasoning_tokens: 9 },
    },
  });
  yield event('[DONE]');
}

describe('reasoning, apart from the answer', () => {
  test('inline <think> (Hermes): split out of every chunk, a tag cut anywhere', async () => {
    const { fetch } = scriptedFetch(sse(() => inline()));
    const stream = await client(fetch).chat.completions.create({ ...hermes, stream: true });
    let answer = '';
    let thought = '';
    for await (const c of stream) {
      answer += c.choices[0]?.delta.content ?? '';
      thought += c.choices[0]?.delta.reasoning_content ?? '';
    }
    expect(answer).toBe('4, and <think> is a tag.');
    expect(thought).toBe('Two plus two.');
    const final = await stream.finalCompletion();
    expect(final.choices[0]!.message).toMatchObject({
      content: '4, and <think> is a tag.',
      reasoning_content: 'Two plus two.',
    });
    expect(final.metrics.reasoningTokens).toBe(9);
    expect(final.metrics.timeToFirstReasoningMs).toBeLessThanOrEqual(
      final.metrics.timeToFirstTokenMs!,
    );
  });

  test('text() gives the answer alone', async () => {
    const { fetch } = scriptedFetch(sse(() => inline()));
    const stream = await client(fetch).chat.completions.create({ ...hermes, stream: true });
    let text = '';
    for await (const piece of stream.text()) text += piece;
    expect(text).toBe('4, and <think> is a tag.');
  });

  test('thinkTags: false leaves the content as the model wrote it', async () => {
    const { fetch } = scriptedFetch(sse(() => inline()));
    const stream = await client(fetch).chat.completions.create(
      { ...hermes, stream: true },
      { thinkTags: false },
    );
    const final = await stream.finalCompletion();
    expect(final.choices[0]!.message.content).toBe(
      '<think>Two plus two.</think>\n\n4, and <think> is a tag.',
    );
    expect(final.choices[0]!.message.reasoning_content).toBeUndefined();
  });

  test('a model not known to write tags is left alone, unless asked', async () => {
    const { fetch } = scriptedFetch(
      sse(() => inline('kimi-k2')),
      sse(() => inline('kimi-k2')),
    );
    const c = client(fetch);
    const plain = await (
      await c.chat.completions.create({ ...hermes, stream: true })
    ).finalCompletion();
    expect(plain.choices[0]!.message.content).toContain('<think>Two plus two.</think>');
    const asked = await (
      await c.chat.completions.create({ ...hermes, stream: true }, { thinkTags: true })
    ).finalCompletion();
    expect(asked.choices[0]!.message.reasoning_content).toBe('Two plus two.');
  });

  test('DeepSeek-style reasoning_content, or vLLM-style reasoning: one name in every form', async () => {
    async function* field(name: string) {
      yield event(withModel('deepseek-v3.1', chunk({ role: 'assistant', content: '' })));
      yield event(withModel('deepseek-v3.1', chunk({ [name]: 'Think. ' })));
      yield event(withModel('deepseek-v3.1', chunk({ [name]: 'Done.' })));
      yield event(withModel('deepseek-v3.1', chunk({ content: 'Answer.' })));
      yield event(withModel('deepseek-v3.1', chunk({}, 'stop')));
      yield event('[DONE]');
    }
    for (const name of ['reasoning_content', 'reasoning']) {
      const { fetch } = scriptedFetch(sse(() => field(name)));
      const stream = await client(fetch).chat.completions.create({ ...hermes, stream: true });
      const thoughts: string[] = [];
      for await (const c of stream) {
        const t = c.choices[0]?.delta.reasoning_content;
        if (t) thoughts.push(t);
      }
      expect(thoughts).toEqual(['Think. ', 'Done.']);
      const final = await stream.finalCompletion();
      expect(final.choices[0]!.message).toMatchObject({
        content: 'Answer.',
        reasoning_content: 'Think. Done.',
      });
      // No count from the server: estimated from the text, four characters a token.
      expect(final.metrics.reasoningTokens).toBe(3);
    }
  });

  test('an answer not streamed: inline reasoning split, the other name read', async () => {
    const message = (m: Record<string, unknown>) => ({
      id: 'x',
      object: 'chat.completion',
      created: 1,
      model: 'hermes4:405b',
      choices: [{ index: 0, message: { role: 'assistant', ...m }, finish_reason: 'stop' }],
    });
    const { fetch } = scriptedFetch(
      () => json(message({ content: '<think>\nhmm\n</think>\n\nYes.' })),
      () => json({ ...message({ content: 'Yes.', reasoning: 'hmm' }), model: 'x' }),
    );
    const c = client(fetch);
    const inlined = await c.chat.completions.create(hermes);
    expect(inlined.choices[0]!.message).toMatchObject({
      content: 'Yes.',
      reasoning_content: 'hmm\n',
    });
    const named = await c.chat.completions.create(hermes);
    expect(named.choices[0]!.message).toMatchObject({ content: 'Yes.', reasoning_content: 'hmm' });
  });

  test('a reasoning count that is not a whole number is not believed', async () => {
    async function* hostile() {
      yield event(withModel('deepseek-v3.1', chunk({ reasoning_content: 'abcdefgh' })));
      yield event(withModel('deepseek-v3.1', chunk({ content: 'ok' }, 'stop')));
      yield event({
        ...chunk({}),
        choices: [],
        usage: {
          prompt_tokens: 1,
          completion_tokens: 1,
          total_tokens: 2,
          completion_tokens_details: { reasoning_tokens: '\u001b[31m9' },
        },
      });
      yield event('[DONE]');
    }
    const { fetch } = scriptedFetch(sse(hostile));
    const stream = await client(fetch).chat.completions.create({ ...hermes, stream: true });
    expect((await stream.finalCompletion()).metrics.reasoningTokens).toBe(2);
  });
});
