import { REQUEST_RULES } from '@comput3/api/constants';
import { spec } from '@comput3/api/spec';
import { describe, expect, test } from 'vitest';
import { Comput3ValidationError } from '../../src/index.js';
import { check, validateChatRequest } from '../../src/internal/validate.js';
import { client, completion, json, scriptedFetch } from '../helpers.js';

const ok = { model: 'kimi-k2', messages: [{ role: 'user', content: 'hi' }] };

describe('validateChatRequest', () => {
  test.each([
    [
      { ...ok, temperature: 2.1 },
      'temperature',
      'temperature must be a number from 0 to 2, got 2.1.',
    ],
    [
      { ...ok, temperature: -1 },
      'temperature',
      'temperature must be a number from 0 to 2, got -1.',
    ],
    [
      { ...ok, temperature: '1' },
      'temperature',
      'temperature must be a number from 0 to 2, got "1".',
    ],
    [
      { ...ok, temperature: Number.NaN },
      'temperature',
      'temperature must be a number from 0 to 2, got NaN.',
    ],
    [{ ...ok, max_tokens: 0 }, 'max_tokens', 'max_tokens must be an integer of at least 1, got 0.'],
    [
      { ...ok, max_tokens: 2.5 },
      'max_tokens',
      'max_tokens must be an integer of at least 1, got 2.5.',
    ],
    [{ ...ok, messages: [] }, 'messages', 'messages must have at least 1 item.'],
    [{ model: 'kimi-k2' }, 'messages', 'messages is required.'],
    [{ model: 'kimi-k2', messages: {} }, 'messages', 'messages must be an array, got an object.'],
    [
      { ...ok, messages: [{ role: 'robot', content: 'x' }] },
      'messages[0].role',
      'messages[0].role must be one of system, user, assistant, tool, got "robot".',
    ],
    [
      { ...ok, messages: [ok.messages[0], { role: 'user', content: 5 }] },
      'messages[1].content',
      'messages[1].content must be a string or null, got 5.',
    ],
    [
      { ...ok, messages: [null] },
      'messages[0]',
      'messages[0] must be an object with role and content, got null.',
    ],
    [
      { ...ok, model: '' },
      'model',
      'model must be a non-empty string such as "hermes4:70b", got "".',
    ],
    [{ ...ok, stream: 'yes' }, 'stream', 'stream must be a boolean, got "yes".'],
  ])('%j → %s', (params, field, message) => {
    try {
      validateChatRequest(params);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(Comput3ValidationError);
      expect((error as Comput3ValidationError).field).toBe(field);
      expect((error as Error).message).toBe(message);
    }
  });

  test('accepts the edges and unknown model ids', () => {
    for (const extra of [
      { temperature: 0 },
      { temperature: 2 },
      { max_tokens: 1 },
      { model: 'next-model:9t' },
    ]) {
      expect(() => validateChatRequest({ ...ok, ...extra })).not.toThrow();
    }
  });

  test('reads its rules from the spec: a rule the spec changes is the rule applied', () => {
    // REQUEST_RULES is generated from openapi/comput3.yaml; here a rule as the generator would
    // write it for a new field stands in for a spec change.
    const props = (spec as any).components.schemas.ChatCompletionRequest.properties;
    const rules = REQUEST_RULES.ChatCompletionRequest!;
    expect(Object.keys(rules.p!)).toEqual(Object.keys(props));
    expect([rules.p!.temperature!.g, rules.p!.temperature!.l]).toEqual([
      props.temperature.minimum,
      props.temperature.maximum,
    ]);
    const withSeed = { ...rules, p: { ...rules.p, seed: { t: 'i', g: 0 } } };
    expect(() => check(withSeed, { ...ok, seed: 'x' })).toThrow(
      'seed must be an integer of at least 0, got "x".',
    );
    expect(() => check(withSeed, { ...ok, seed: 7 })).not.toThrow();
  });

  test("a field of several shapes is checked by type; its finer rules are the server's", () => {
    expect(() => validateChatRequest({ ...ok, tool_choice: 5 })).toThrow(
      'tool_choice must be a string or an object, got 5.',
    );
    for (const tool_choice of ['auto', { type: 'function', function: { name: 'f' } }])
      expect(() => validateChatRequest({ ...ok, tool_choice })).not.toThrow();
  });

  test('a key from the prototype is not a field', () => {
    const params = JSON.parse(
      '{"model":"m","messages":[{"role":"user","content":"hi"}],"__proto__":{"temperature":9}}',
    );
    expect(() => validateChatRequest(params)).not.toThrow();
    expect(() => validateChatRequest(Object.create({ model: 'm', messages: [] }))).toThrow(
      'model is required.',
    );
  });

  test('nothing is sent when a request is invalid', async () => {
    const { fetch, calls } = scriptedFetch(() => json(completion()));
    const c = client(fetch);
    await expect(c.chat.completions.create({ ...ok, temperature: 3 } as never)).rejects.toThrow(
      Comput3ValidationError,
    );
    await expect(
      c.chat.completions.create({ ...ok, stream: true, max_tokens: -1 } as never),
    ).rejects.toThrow('max_tokens');
    expect(calls).toHaveLength(0);
  });
});
