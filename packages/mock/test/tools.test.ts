// Tool calling and structured output against the mock, every answer checked against the spec.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMockServer, type MockServer } from '../src/index.js';
import { call } from './contract.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());

const weather = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string', minLength: 2 },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 1, maximum: 7 },
      },
      required: ['city', 'unit', 'days'],
      additionalProperties: false,
    },
  },
};
const time = {
  type: 'function',
  function: {
    name: 'get_time',
    parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] },
  },
};
const ask = (content: string, extra: Record<string, unknown> = {}) =>
  call(mock.url, '/chat/completions', {
    body: {
      model: 'kimi-k2',
      messages: [{ role: 'user', content }],
      tools: [weather, time],
      ...extra,
    },
  });
const ajv = new Ajv2020();

describe('tool calls', () => {
  test('a message that names a tool gets a call of it, with arguments valid for its schema', async () => {
    const a = await ask('What does get_weather say for Paris?');
    expect(a.status).toBe(200);
    const choice = a.json.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toHaveLength(1);
    const [toolCall] = choice.message.tool_calls;
    expect(toolCall).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    expect(toolCall.id).toMatch(/^call_/);
    const args = JSON.parse(toolCall.function.arguments);
    expect(ajv.validate(weather.function.parameters, args)).toBe(true);
    expect(a.json.usage.completion_tokens).toBeGreaterThan(3);
  });

  test('several tools named: several calls, unless parallel_tool_calls is false', async () => {
    const both = await ask('Use get weather and get time for Tokyo');
    expect(both.json.choices[0].message.tool_calls.map((c: any) => c.function.name)).toEqual([
      'get_weather',
      'get_time',
    ]);
    const one = await ask('Use get weather and get time for Tokyo', { parallel_tool_calls: false });
    expect(one.json.choices[0].message.tool_calls).toHaveLength(1);
  });

  test('tool_choice forces a tool, "required" picks one, "none" answers in text', async () => {
    const forced = await ask('hello', {
      tool_choice: { type: 'function', function: { name: 'get_time' } },
    });
    expect(forced.json.choices[0].message.tool_calls[0].function.name).toBe('get_time');
    const required = await ask('hello', { tool_choice: 'required' });
    expect(required.json.choices[0].message.tool_calls[0].function.name).toBe('get_weather');
    const none = await ask('What does get_weather say?', { tool_choice: 'none' });
    expect(none.json.choices[0].finish_reason).toBe('stop');
    expect(typeof none.json.choices[0].message.content).toBe('string');
    const unnamed = await ask('hello');
    expect(unnamed.json.choices[0].message.tool_calls).toBeUndefined();
  });

  test('the same request gets the same calls, ids included', async () => {
    const [a, b] = await Promise.all([ask('get_weather for Oslo'), ask('get_weather for Oslo')]);
    expect(a.json.choices[0].message).toEqual(b.json.choices[0].message);
  });

  test('after tool messages, the answer is text that uses their content', async () => {
    const first = await ask('get_weather for Rome');
    const assistant = first.json.choices[0].message;
    const a = await call(mock.url, '/chat/completions', {
      body: {
        model: 'kimi-k2',
        tools: [weather],
        messages: [
          { role: 'user', content: 'get_weather for Rome' },
          assistant,
          {
            role: 'tool',
            tool_call_id: assistant.tool_calls[0].id,
            content: '{"temp": 21, "sky": "clear"}',
          },
        ],
      },
    });
    expect(a.json.choices[0].finish_reason).toBe('stop');
    expect(a.json.choices[0].message.content).toContain(
      '**get_weather** returned: {"temp": 21, "sky": "clear"}',
    );
  });

  test('a stream splits the arguments over several chunks; joined by index they are the JSON', async () => {
    const plain = await ask('get_weather in Lisbon');
    const a = await ask('get_weather in Lisbon', { stream: true });
    const chunks = a.events.filter((e) => e !== '[DONE]').map((e) => JSON.parse(e));
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    expect(deltas.length).toBeGreaterThan(3);
    const args = deltas.map((d: any) => d.function?.arguments ?? '').join('');
    expect(args).toBe(plain.json.choices[0].message.tool_calls[0].function.arguments);
    expect(chunks.at(-1).choices[0].finish_reason).toBe('tool_calls');
  });
});

describe('structured output', () => {
  const schema = {
    type: 'object',
    properties: {
      title: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' }, minItems: 1 },
      score: { type: 'number', minimum: 0, maximum: 1 },
    },
    required: ['title', 'tags', 'score'],
  };

  test('json_schema: content is JSON valid against the schema', async () => {
    const a = await call(mock.url, '/chat/completions', {
      body: {
        model: 'qwen3-max',
        messages: [{ role: 'user', content: 'Summarise the release notes' }],
        response_format: { type: 'json_schema', json_schema: { name: 'summary', schema } },
      },
    });
    expect(ajv.validate(schema, JSON.parse(a.json.choices[0].message.content))).toBe(true);
  });

  test('json_object: content is a JSON object', async () => {
    const a = await call(mock.url, '/chat/completions', {
      body: {
        model: 'qwen3-max',
        messages: [{ role: 'user', content: 'Answer as JSON please' }],
        response_format: { type: 'json_object' },
      },
    });
    const parsed = JSON.parse(a.json.choices[0].message.content);
    expect(typeof parsed).toBe('object');
    expect(Array.isArray(parsed)).toBe(false);
  });
});

describe('invalid tool requests are 400s that name the field', () => {
  test.each([
    [
      'a tool message that answers no call',
      {
        messages: [
          { role: 'user', content: 'x' },
          { role: 'tool', tool_call_id: 'call_nope', content: '1' },
        ],
      },
      'messages[1].tool_call_id',
    ],
    [
      'a tool message without tool_call_id',
      { messages: [{ role: 'tool', content: '1' }] },
      'messages[0].tool_call_id',
    ],
    [
      'a tool without a name',
      { messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: {} }] },
      'tools[0].function.name',
    ],
    [
      'parameters that are not a schema object',
      {
        messages: [{ role: 'user', content: 'x' }],
        tools: [{ type: 'function', function: { name: 'f', parameters: 'string' } }],
      },
      'tools[0].function.parameters',
    ],
    [
      'a null content outside an assistant tool call',
      { messages: [{ role: 'user', content: null }] },
      'messages[0].content',
    ],
  ])('%s', async (_name, body, param) => {
    const a = await call(mock.url, '/chat/completions', { body: { model: 'kimi-k2', ...body } });
    expect(a.status).toBe(400);
    expect(a.json.error.param).toBe(param);
  });

  test('the old four-field request validates as before', async () => {
    const a = await call(mock.url, '/chat/completions', {
      body: {
        model: 'deepseek-v3.1',
        messages: [{ role: 'user', content: 'Hello, world!' }],
        max_tokens: 100,
        temperature: 0.7,
      },
    });
    expect(a.status).toBe(200);
  });
});
