import { describe, expectTypeOf, test } from 'vitest';
import {
  Comput3,
  type CallMetrics,
  type ChatCompletion,
  type ChatCompletionResult,
  type ChatCompletionStream,
  type ModelId,
} from '../src/index.js';

const c = new Comput3({ apiKey: 'k' });
const messages = [{ role: 'user' as const, content: 'hi' }];

describe('create() overloads', () => {
  test('the return type follows stream', () => {
    expectTypeOf(
      c.chat.completions.create({ model: 'kimi-k2', messages }),
    ).resolves.toEqualTypeOf<ChatCompletionResult>();
    expectTypeOf(
      c.chat.completions.create({ model: 'kimi-k2', messages, stream: true }),
    ).resolves.toEqualTypeOf<ChatCompletionStream>();
    const flag = Math.random() > 0.5;
    expectTypeOf(
      c.chat.completions.create({ model: 'kimi-k2', messages, stream: flag }),
    ).resolves.toEqualTypeOf<ChatCompletionResult | ChatCompletionStream>();
  });

  test('model ids autocomplete but any string is accepted', () => {
    expectTypeOf<Extract<ModelId, 'grok-code-fast-1'>>().toEqualTypeOf<'grok-code-fast-1'>();
    void c.chat.completions.create({ model: 'not-yet-documented:1t', messages });
  });

  test('wrong fields do not compile', () => {
    // @ts-expect-error temperature is a number
    void c.chat.completions.create({ model: 'kimi-k2', messages, temperature: 'hot' });
    void c.chat.completions.create({
      model: 'kimi-k2',
      // @ts-expect-error role must be one of the spec's roles
      messages: [{ role: 'robot', content: 'x' }],
    });
    // @ts-expect-error model is required
    void c.chat.completions.create({ messages });
  });

  test('stream helpers are typed', async () => {
    const stream = await c.chat.completions.create({ model: 'kimi-k2', messages, stream: true });
    expectTypeOf(stream.text()).toEqualTypeOf<AsyncGenerator<string, void, undefined>>();
    expectTypeOf(stream.finalCompletion()).resolves.toEqualTypeOf<ChatCompletionResult>();
    expectTypeOf(stream.metrics).toEqualTypeOf<CallMetrics | undefined>();
    // A result is still a ChatCompletion: it goes wherever one is expected.
    expectTypeOf<ChatCompletionResult>().toMatchTypeOf<ChatCompletion>();
    expectTypeOf(stream.toReadableStream()).toEqualTypeOf<ReadableStream<Uint8Array>>();
    expectTypeOf(stream.toRawStream()).toEqualTypeOf<ReadableStream<Uint8Array>>();
  });
});
