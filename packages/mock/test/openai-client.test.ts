// The official `openai` package as an independent client: if it can talk to the mock,
// the mock speaks the wire format public clients of Comput3 rely on.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { replyText, startMockServer, type MockServer } from '../src/index.js';

let mock: MockServer;
let client: OpenAI;
beforeAll(async () => {
  mock = await startMockServer();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: mock.url, maxRetries: 0 });
});
afterAll(() => mock.close());

describe('the openai package against the mock', () => {
  test('non-streaming completion', async () => {
    const completion = await client.chat.completions.create({
      model: 'hermes4:405b',
      messages: [{ role: 'user', content: 'Hi from openai' }],
      max_tokens: 100,
      temperature: 0.7,
    });
    expect(completion.choices[0]?.message.content).toBe(
      await replyText('hermes4:405b', [{ role: 'user', content: 'Hi from openai' }], {
        maxTokens: 100,
      }),
    );
    expect(completion.usage?.total_tokens).toBe(
      completion.usage!.prompt_tokens + completion.usage!.completion_tokens,
    );
  });

  test('streaming completion with usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'qwen3-coder:480b',
      messages: [{ role: 'user', content: 'Stream to openai' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(
      await replyText('qwen3-coder:480b', [{ role: 'user', content: 'Stream to openai' }]),
    );
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  test('lists models', async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain('claude-sonnet-4');
  });

  test('errors map to the openai error classes', async () => {
    const bad = client.chat.completions.create({
      model: 'kimi-k2',
      messages: [{ role: 'user', content: 'x' }],
      temperature: 5,
    });
    await expect(bad).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(bad).rejects.toThrow('temperature must be <= 2.');

    const missing = client.chat.completions.create({
      model: 'nope',
      messages: [{ role: 'user', content: 'x' }],
    });
    await expect(missing).rejects.toBeInstanceOf(OpenAI.NotFoundError);

    const limited = client.chat.completions.create(
      { model: 'kimi-k2', messages: [{ role: 'user', content: 'x' }] },
      { headers: { 'x-mock-fault': 'status=429' } },
    );
    await expect(limited).rejects.toBeInstanceOf(OpenAI.RateLimitError);
  });

  test('retries a 503 and succeeds, as it would against the real API', async () => {
    const retrying = new OpenAI({ apiKey: 'sk-test', baseURL: mock.url, maxRetries: 2 });
    const completion = await retrying.chat.completions.create(
      { model: 'kimi-k2', messages: [{ role: 'user', content: 'retry me' }] },
      { headers: { 'x-mock-fault': 'status=503; times=1; retry-after-ms=10; id=openai-retry' } },
    );
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });
});

describe('the openai package with tools and structured output', () => {
  const tools = [
    {
      type: 'function' as const,
      function: {
        name: 'lookup_order',
        parameters: {
          type: 'object',
          properties: { order_id: { type: 'string' } },
          required: ['order_id'],
        },
      },
    },
  ];

  test('a tool call, its result, then text: the whole round trip', async () => {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Please lookup_order 1234' },
    ];
    const first = await client.chat.completions.create({ model: 'kimi-k2', messages, tools });
    const call = first.choices[0]!.message.tool_calls![0]!;
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toHaveProperty(
      'order_id',
    );
    messages.push(first.choices[0]!.message, {
      role: 'tool',
      tool_call_id: call.id,
      content: 'shipped',
    });
    const second = await client.chat.completions.create({ model: 'kimi-k2', messages, tools });
    expect(second.choices[0]!.message.content).toContain('shipped');
  });

  test('streamed tool calls come together with the openai helper', async () => {
    const stream = client.chat.completions.stream({
      model: 'kimi-k2',
      messages: [{ role: 'user', content: 'lookup_order 99 please' }],
      tools,
    });
    const final = await stream.finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls![0]!;
    expect(call.type === 'function' && call.function.name).toBe('lookup_order');
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toHaveProperty(
      'order_id',
    );
  });

  test('json_schema structured output parses', async () => {
    const completion = await client.chat.completions.create({
      model: 'qwen3-max',
      messages: [{ role: 'user', content: 'A title please' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'title',
          schema: {
            type: 'object',
            properties: { title: { type: 'string' } },
            required: ['title'],
          },
        },
      },
    });
    expect(typeof JSON.parse(completion.choices[0]!.message.content!).title).toBe('string');
  });
});
