import { describe, expectTypeOf, test } from 'vitest';
import { createApiClient, type ChatCompletionRequest, type ModelId } from '../src/index.js';

describe('generated types', () => {
  test('a valid request compiles', () => {
    const req = {
      model: 'hermes4:70b',
      messages: [{ role: 'user', content: 'Hello' }],
      max_tokens: 10,
      temperature: 0.7,
    } satisfies ChatCompletionRequest;
    expectTypeOf(req).toExtend<ChatCompletionRequest>();
  });

  test('a temperature given as a string does not compile', () => {
    const req = {
      model: 'kimi-k2',
      messages: [{ role: 'user', content: 'Hello' }],
      temperature: '0.7',
    };
    expectTypeOf(req).not.toExtend<ChatCompletionRequest>();
    // @ts-expect-error temperature must be a number
    const bad: ChatCompletionRequest = req;
    void bad;
  });

  test('an unknown field does not compile in a literal', () => {
    const bad: ChatCompletionRequest = {
      model: 'kimi-k2',
      messages: [{ role: 'user', content: 'Hello' }],
      // @ts-expect-error not a field of the spec
      temprature: 1,
    };
    void bad;
  });

  test('an unknown role does not compile', () => {
    const bad: ChatCompletionRequest = {
      model: 'kimi-k2',
      // @ts-expect-error role must be system, user or assistant
      messages: [{ role: 'robot', content: 'Hello' }],
    };
    void bad;
  });

  test('model ids autocomplete yet any string is accepted', () => {
    expectTypeOf<'qwen3-coder:480b'>().toExtend<ModelId>();
    expectTypeOf<'some-future-model:1t'>().toExtend<ModelId>();
    // The known ids stay visible in the type (this is what editors complete from).
    expectTypeOf<Extract<ModelId, 'hermes4:405b'>>().toEqualTypeOf<'hermes4:405b'>();
  });

  test('the client checks paths and bodies against the spec', () => {
    const client = createApiClient({ baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'k' });
    // @ts-expect-error no such path in the spec
    void client.POST('/chat/complete', { body: { model: 'x', messages: [] } });
    void client.POST('/chat/completions', {
      // @ts-expect-error max_tokens must be a number
      body: { model: 'x', messages: [{ role: 'user', content: 'hi' }], max_tokens: 'ten' },
    });
    expectTypeOf(client.GET('/models')).resolves.toHaveProperty('data');
  });
});
