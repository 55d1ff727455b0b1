// The same cases through the generic @ai-sdk/openai-compatible provider, so that every difference
// from ours is written down (the README's table) and stays true.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError } from '@ai-sdk/provider';
import { startMockServer, type MockServer } from '@comput3/mock';
import { generateObject, generateText, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { createComput3 } from '../src/index.js';

let mock: MockServer;
let ours: ReturnType<typeof createComput3>;
let generic: ReturnType<typeof createOpenAICompatible>;
beforeAll(async () => {
  mock = await startMockServer({ recordBodies: true });
  ours = createComput3({ apiKey: 'sk-compare', baseURL: mock.url });
  generic = createOpenAICompatible({
    name: 'comput3',
    apiKey: 'sk-compare',
    baseURL: mock.url,
    includeUsage: true,
    supportsStructuredOutputs: true,
  });
});
afterAll(() => mock.close());

const both = () =>
  [
    ['ours', ours('kimi-k2')],
    ['openai-compatible', generic('kimi-k2')],
  ] as const;

describe('the same', () => {
  test('generateText and streamText give the same text and usage', async () => {
    const texts: string[] = [];
    for (const [, model] of both()) {
      texts.push((await generateText({ model, prompt: 'Explain SSE' })).text);
      const streamed = streamText({ model, prompt: 'Explain SSE' });
      texts.push(await streamed.text);
      expect((await streamed.usage).outputTokens).toBeGreaterThan(0);
    }
    expect(new Set(texts).size).toBe(1);
  });

  test('a tool loop and generateObject work through both', async () => {
    const weather = tool({
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => ({ city, sky: 'clear' }),
    });
    for (const [, model] of both()) {
      const loop = await generateText({
        model,
        tools: { get_weather: weather },
        stopWhen: stepCountIs(3),
        prompt: 'get_weather for Rome',
      });
      expect(loop.steps).toHaveLength(2);
      const { object } = await generateObject({
        model,
        schema: z.object({ title: z.string() }),
        prompt: 'A title',
      });
      expect(typeof object.title).toBe('string');
    }
  });
});

describe('the differences', () => {
  test('a stream cut before its finish: both report it now (ai 7 added the check); ours says why', async () => {
    const errors: Record<string, unknown[]> = { ours: [], 'openai-compatible': [] };
    for (const [name, model] of both()) {
      const result = streamText({
        model,
        prompt: 'cut',
        headers: { 'x-mock-fault': 'no-finish' },
        onError: ({ error }) => void errors[name]!.push(error),
      });
      await result.consumeStream();
    }
    expect(errors.ours).toHaveLength(1);
    expect(errors['openai-compatible']).toHaveLength(1);
    expect(String((errors.ours![0] as Error).message)).toContain('so the answer is incomplete');
  });

  test('a connection lost mid-stream: ours reports an APICallError through onError', async () => {
    const reported: Record<string, boolean> = {};
    for (const [name, model] of both()) {
      let seen = false;
      const result = streamText({
        model,
        prompt: 'drop',
        headers: { 'x-mock-fault': 'drop-after-chunks=5' },
        onError: ({ error }) => void (seen = APICallError.isInstance(error)),
      });
      await Promise.resolve(result.consumeStream()).catch(() => {});
      reported[name] = seen;
    }
    expect(reported).toEqual({ ours: true, 'openai-compatible': false });
  });

  test('x-should-retry: false is honoured by ours only', async () => {
    const retryable: Record<string, boolean> = {};
    for (const [name, model] of both()) {
      const error = await generateText({
        model,
        prompt: 'x',
        headers: { 'x-mock-fault': 'status=503; should-retry=false' },
        maxRetries: 0,
      }).catch((e) => e);
      expect(APICallError.isInstance(error)).toBe(true);
      retryable[name] = error.isRetryable;
    }
    expect(retryable).toEqual({ ours: false, 'openai-compatible': true });
  });

  test('a request the spec forbids: ours refuses it before sending, the generic one sends it', async () => {
    const sent: Record<string, number> = {};
    for (const [name, model] of both()) {
      const before = mock.requests.length;
      const error = await generateText({
        model,
        prompt: 'x',
        temperature: 3,
        maxRetries: 0,
      }).catch((e) => e);
      expect(error).toBeInstanceOf(Error);
      sent[name] = mock.requests.length - before;
    }
    expect(sent).toEqual({ ours: 0, 'openai-compatible': 1 });
  });
});
