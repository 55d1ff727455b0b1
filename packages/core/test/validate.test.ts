import { spec } from '@comput3/api/spec';
import { describe, expect, test } from 'vitest';
import { Comput3ValidationError } from '../src/index.js';
import {
  MAX_TOKENS_MIN,
  TEMPERATURE_MAX,
  TEMPERATURE_MIN,
  validateChatRequest,
} from '../src/validate.js';
import { client, completion, json, scriptedFetch } from './helpers.js';

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
    [{ ...ok, max_tokens: 0 }, 'max_tokens', 'max_tokens must be a positive integer, got 0.'],
    [{ ...ok, max_tokens: 2.5 }, 'max_tokens', 'max_tokens must be a positive integer, got 2.5.'],
    [{ ...ok, messages: [] }, 'messages', 'messages must have at least one message.'],
    [{ model: 'kimi-k2' }, 'messages', 'messages must be an array of {role, content}.'],
    [
      { ...ok, messages: [{ role: 'robot', content: 'x' }] },
      'messages[0].role',
      'messages[0].role must be one of system, user, assistant, tool, got "robot".',
    ],
    [
      { ...ok, messages: [ok.messages[0], { role: 'user', content: 5 }] },
      'messages[1].content',
      'messages[1].content must be a string, got 5.',
    ],
    [
      { ...ok, messages: [null] },
      'messages[0]',
      'messages[0] must be an object with role and content, got null.',
    ],
    [
      { ...ok, model: '' },
      'model',
      'model must be a non-empty model id such as "hermes4:70b", got "".',
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

  test('uses the ranges the spec gives', () => {
    const props = (spec as any).components.schemas.ChatCompletionRequest.properties;
    expect([props.temperature.minimum, props.temperature.maximum]).toEqual([
      TEMPERATURE_MIN,
      TEMPERATURE_MAX,
    ]);
    expect(props.max_tokens.minimum).toBe(MAX_TOKENS_MIN);
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
