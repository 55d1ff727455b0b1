// The provider in the AI SDK's own functions, against @comput3/mock (run on Node 22: ai 7 needs it).
import { APICallError } from '@ai-sdk/provider';
import { replyText, startMockServer, type MockServer } from '@comput3/mock';
import { generateObject, generateText, Output, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { createComput3 } from '../src/index.js';

let mock: MockServer;
let comput3: ReturnType<typeof createComput3>;
beforeAll(async () => {
  mock = await startMockServer({ recordBodies: true });
  comput3 = createComput3({ apiKey: 'sk-ai-sdk-test', baseURL: mock.url });
});
afterAll(() => mock.close());

const fault = (spec: string) => ({ 'x-mock-fault': spec });

describe('generateText and streamText', () => {
  test('generateText: the text, the usage and the finish reason', async () => {
    const result = await generateText({ model: comput3('kimi-k2'), prompt: 'What is SSE?' });
    expect(result.text).toBe(
      await replyText('kimi-k2', [{ role: 'user', content: 'What is SSE?' }]),
    );
    expect(result.finishReason).toBe('stop');
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.response.modelId).toBe('kimi-k2');
  });

  test('settings reach the request: max tokens, temperature, system, headers', async () => {
    const result = await generateText({
      model: comput3('qwen3-max'),
      system: 'Be brief.',
      prompt: 'Explain streaming in detail',
      maxOutputTokens: 5,
      temperature: 0.3,
      headers: { 'x-trace': 'abc' },
    });
    expect(result.finishReason).toBe('length');
    expect(result.usage.outputTokens).toBe(5);
    const body = mock.requests.at(-1)!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      model: 'qwen3-max',
      max_tokens: 5,
      temperature: 0.3,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Explain streaming in detail' },
      ],
    });
  });

  test('fallback: an overloaded model gives way to the next, streamed or not', async () => {
    const overloaded = { 'x-mock-overloaded': 'kimi-k2' };
    const model = comput3('kimi-k2', { fallback: ['qwen3-max'] });
    const since = mock.requests.length;
    const result = await generateText({ model, prompt: 'What is SSE?', headers: overloaded });
    expect(result.response.modelId).toBe('qwen3-max');
    expect(result.text).toBe(
      await replyText('qwen3-max', [{ role: 'user', content: 'What is SSE?' }]),
    );
    const streamed = streamText({ model, prompt: 'What is SSE?', headers: overloaded });
    expect(await streamed.text).toBe(result.text);
    expect((await streamed.response).modelId).toBe('qwen3-max');
    const models = mock.requests.slice(since).map((r) => (r.body as { model: string }).model);
    expect(models).toEqual(['kimi-k2', 'qwen3-max', 'kimi-k2', 'qwen3-max']);
  });

  test('unsupported settings are warnings, not failures', async () => {
    const result = await generateText({ model: comput3('kimi-k2'), prompt: 'hi', topK: 3 });
    expect(result.warnings).toContainEqual({ type: 'unsupported', feature: 'topK' });
  });

  test('streamText: the text in pieces, then usage and finish reason', async () => {
    const result = streamText({ model: comput3('kimi-k2'), prompt: 'Explain SSE in detail' });
    const pieces: string[] = [];
    for await (const piece of result.textStream) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.join('')).toBe(
      await replyText('kimi-k2', [{ role: 'user', content: 'Explain SSE in detail' }]),
    );
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).outputTokens).toBeGreaterThan(10);
  });

  test('reasoning: its own parts, before the answer, inline (Hermes) or beside it (DeepSeek)', async () => {
    const system = 'Think step by step before you answer.';
    const prompt = 'Name three uses of a Bloom filter';
    for (const model of ['hermes4:70b', 'deepseek-v3.1']) {
      const result = streamText({ model: comput3(model), system, prompt });
      const types: string[] = [];
      for await (const part of result.fullStream) types.push(part.type);
      const seen = types.filter((t) => /^(reasoning|text)-(start|end)$/.test(t));
      expect(seen, model).toEqual(['reasoning-start', 'reasoning-end', 'text-start', 'text-end']);
      expect(await result.reasoningText).toMatch(/^The question: /);
      expect(await result.text).not.toContain('The question:');
      expect(await result.text).not.toContain('<think>');
      // ai 7 counts them in outputTokenDetails; ai 6 beside the other counts.
      const usage = (await result.usage) as {
        outputTokenDetails?: { reasoningTokens?: number };
        reasoningTokens?: number;
      };
      expect(usage.outputTokenDetails?.reasoningTokens ?? usage.reasoningTokens).toBeGreaterThan(0);
      const whole = await generateText({ model: comput3(model), system, prompt });
      expect(whole.reasoningText).toBe(await result.reasoningText);
      expect(whole.text).toBe(await result.text);
    }
  });

  test('streamText: abort stops the stream and closes the connection', async () => {
    const controller = new AbortController();
    const result = streamText({
      model: comput3('kimi-k2'),
      prompt: 'a slow answer',
      headers: fault('delay-chunks=50'),
      abortSignal: controller.signal,
      onError: () => {},
    });
    let n = 0;
    for await (const _ of result.textStream) if (++n === 2) controller.abort();
    await expect.poll(() => mock.requests.at(-1)?.closedEarly).toBe(true);
    expect(n).toBeLessThan(10);
  });

  test('a stream that ends before its finish is an error, not a short answer', async () => {
    const errors: unknown[] = [];
    const result = streamText({
      model: comput3('kimi-k2'),
      prompt: 'cut me',
      headers: fault('no-finish'),
      onError: ({ error }) => void errors.push(error),
    });
    await result.consumeStream();
    expect(errors).toHaveLength(1);
    expect(APICallError.isInstance(errors[0])).toBe(true);
    expect((errors[0] as Error).message).toContain('the answer is incomplete');
  });
});

describe('tools and objects', () => {
  const weather = tool({
    description: 'The weather in a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => ({ city, sky: 'clear', temp: 21 }),
  });

  test('a multi-step tool loop with stopWhen', async () => {
    const result = await generateText({
      model: comput3('qwen3-coder:480b'),
      tools: { get_weather: weather },
      stopWhen: stepCountIs(5),
      prompt: 'What does get_weather say for Paris?',
    });
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]!.toolCalls[0]!.toolName).toBe('get_weather');
    expect(result.steps[0]!.toolResults[0]!.output).toMatchObject({ sky: 'clear' });
    expect(result.text).toContain('**get_weather** returned: {"city":');
  });

  test('the same loop streamed, with tool-call deltas', async () => {
    const result = streamText({
      model: comput3('qwen3-coder:480b'),
      tools: { get_weather: weather },
      stopWhen: stepCountIs(5),
      prompt: 'Use get_weather for Oslo',
    });
    const kinds = new Set<string>();
    for await (const part of result.fullStream) kinds.add(part.type);
    expect(kinds).toContain('tool-input-delta');
    expect(kinds).toContain('tool-call');
    expect(kinds).toContain('tool-result');
    expect(await result.text).toContain('get_weather');
  });

  test('generateObject with a zod schema', async () => {
    const { object } = await generateObject({
      model: comput3('qwen3-max'),
      schema: z.object({ title: z.string(), tags: z.array(z.string()).min(1) }),
      prompt: 'Describe the release',
    });
    expect(typeof object.title).toBe('string');
    expect(object.tags.length).toBeGreaterThan(0);
    const body = mock.requests.at(-1)!.body as { response_format: { type: string } };
    expect(body.response_format.type).toBe('json_schema');
  });

  test('generateText with Output.object, as the README shows (ai 6 and 7)', async () => {
    const { output } = await generateText({
      model: comput3('qwen3-max'),
      output: Output.object({ schema: z.object({ title: z.string(), tags: z.array(z.string()) }) }),
      prompt: 'Describe the release',
    });
    expect(typeof output.title).toBe('string');
    const body = mock.requests.at(-1)!.body as { response_format: { type: string } };
    expect(body.response_format.type).toBe('json_schema');
  });
});

describe("errors: the AI SDK's APICallError, retryable by core's rule", () => {
  test.each([
    ['status=400', 400, false],
    ['status=401', 401, false],
    ['status=404', 404, false],
    ['status=429; retry-after-ms=1', 429, true],
    ['status=500; retry-after-ms=1', 500, true],
    ['status=503; should-retry=false', 503, false],
    ['html-502; retry-after-ms=1', 502, true],
  ])('%s → %i, isRetryable %s', async (spec, status, retryable) => {
    const error = await generateText({
      model: comput3('kimi-k2'),
      prompt: 'x',
      headers: fault(spec),
      maxRetries: 0,
    }).catch((e) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(status);
    expect(error.isRetryable).toBe(retryable);
    expect(error.url).toBe(`${mock.url}/chat/completions`);
  });

  test('a dropped connection is retryable; malformed JSON is not', async () => {
    const dropped = await generateText({
      model: comput3('kimi-k2'),
      prompt: 'x',
      headers: fault('drop-before-headers'),
      maxRetries: 0,
    }).catch((e) => e);
    expect(dropped.isRetryable).toBe(true);
    const broken = await generateText({
      model: comput3('kimi-k2'),
      prompt: 'x',
      headers: fault('malformed-json'),
      maxRetries: 0,
    }).catch((e) => e);
    expect(broken.isRetryable).toBe(false);
  });

  test('retries happen once, in the AI SDK: two 503s then success, three requests in all', async () => {
    const before = mock.requests.length;
    const result = await generateText({
      model: comput3('kimi-k2'),
      prompt: 'retry me',
      headers: fault('status=503; times=2; retry-after-ms=1; id=ai-sdk-retry'),
      maxRetries: 2,
    });
    expect(result.text).toContain('Offline mock of kimi-k2');
    expect(mock.requests.length - before).toBe(3);
  });

  test('no key: the first call says how to give one', async () => {
    const keyless = createComput3({ baseURL: mock.url });
    const saved = process.env.COMPUT3_API_KEY;
    delete process.env.COMPUT3_API_KEY;
    try {
      await expect(generateText({ model: keyless('kimi-k2'), prompt: 'x' })).rejects.toThrow(
        'No API key: set COMPUT3_API_KEY in the environment',
      );
    } finally {
      if (saved !== undefined) process.env.COMPUT3_API_KEY = saved;
    }
  });
});
