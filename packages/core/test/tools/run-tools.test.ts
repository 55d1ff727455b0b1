// The tool runner against the mock: one tool, parallel tools, failures, rounds, abort, streaming.
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { APIUserAbortError, Comput3, InvalidResponseError } from '../../src/index.js';
import { ask, completion, json, scriptedFetch } from '../helpers.js';
import {
  runTools,
  ToolRunError,
  type RunnableTool,
  type ToolRunStep,
} from '../../src/tools/index.js';

let mock: MockServer;
let client: Comput3;
beforeAll(async () => {
  mock = await startMockServer({ recordBodies: true });
  client = new Comput3({ apiKey: 'sk-tools-test', baseURL: mock.url });
});
afterAll(() => mock.close());

const cityWeather: RunnableTool<{ city: string }> = {
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  run: ({ city }) => ({ city, sky: 'clear', temp: 21 }),
};
const clock: RunnableTool<{ zone: string }> = {
  name: 'get_time',
  parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] },
  run: () => '12:00',
};
const scripted = (fetch: ReturnType<typeof scriptedFetch>['fetch']) =>
  new Comput3({ apiKey: 'sk-tools-test', baseURL: 'http://api.test/v1', fetch, maxRetries: 0 });
const user = (content: string) => [{ role: 'user' as const, content }];

describe('runTools', () => {
  test('one tool: the call runs, its result goes back, and the model answers with it', async () => {
    const run = runTools(client, {
      model: 'kimi-k2',
      messages: user('get_weather in Paris?'),
      tools: [cityWeather],
    });
    const steps: ToolRunStep[] = [];
    for await (const step of run) steps.push(step);
    const result = await run.done();
    expect(steps.map((s) => s.type)).toEqual([
      'completion',
      'tool_call',
      'tool_result',
      'completion',
    ]);
    expect(result.rounds).toBe(2);
    expect(result.content).toContain('**get_weather** returned: {"city":');
    expect(result.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    // What the mock received last: the call and its result, one after the other.
    const sent = (mock.requests.at(-1)!.body as { messages: { role: string }[] }).messages;
    expect(sent.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
  });

  test('several tools in one answer run in parallel', async () => {
    let running = 0;
    let most = 0;
    const slow = (tool: RunnableTool): RunnableTool => ({
      ...tool,
      run: async (args, context) => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 30));
        running--;
        return tool.run(args, context);
      },
    });
    const result = await runTools(client, {
      model: 'kimi-k2',
      messages: user('use get weather and get time for Tokyo'),
      tools: [slow(cityWeather), slow(clock)],
    }).done();
    expect(most).toBe(2);
    expect(result.messages.filter((m) => m.role === 'tool')).toHaveLength(2);
    expect(result.content).toContain('get_time');
  });

  test('a tool that throws, and arguments that are not JSON, go back to the model as errors', async () => {
    const broken: RunnableTool = {
      ...cityWeather,
      run: () => {
        throw new Error('the weather service is down');
      },
    };
    const result = await runTools(client, {
      model: 'kimi-k2',
      messages: user('get_weather please'),
      tools: [broken],
    }).done();
    const tool = result.messages.find((m) => m.role === 'tool')!;
    expect(tool.content).toBe('Error: the weather service is down');
    expect(result.content).toContain('Error: the weather service is down');

    // A model that writes broken arguments: the mock's answer, with its arguments cut.
    const cut = new Comput3({
      apiKey: 'sk-tools-test',
      baseURL: mock.url,
      fetch: async (url, init) => {
        const res = await fetch(url, init);
        const body = await res.json();
        for (const call of body.choices[0].message.tool_calls ?? [])
          call.function.arguments = '{"city": "Par';
        return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
      },
    });
    const bad = await runTools(cut, {
      model: 'kimi-k2',
      messages: user('get_weather please'),
      tools: [cityWeather],
    }).done();
    expect(bad.messages.find((m) => m.role === 'tool')!.content).toMatch(
      /^Error: the arguments are not valid JSON/,
    );
  });

  test('maxRounds: a clear error holding the conversation so far', async () => {
    // The first answer calls the tool; with one round allowed, there is no answer after it.
    const error = await runTools(client, {
      model: 'kimi-k2',
      messages: user('get_weather for Rome'),
      tools: [cityWeather],
      maxRounds: 1,
    })
      .done()
      .catch((e) => e);
    expect(error).toBeInstanceOf(ToolRunError);
    expect(error.message).toContain('still calling tools after 1 rounds');
    expect(error.messages.map((m: { role: string }) => m.role)).toEqual([
      'user',
      'assistant',
      'tool',
    ]);
  });

  test('an abort mid-run stops it: no further request', async () => {
    const controller = new AbortController();
    const waiting: RunnableTool = {
      ...cityWeather,
      run: async (_args, { signal }) => {
        controller.abort();
        return signal?.aborted ? 'aborted' : 'ran';
      },
    };
    const before = mock.requests.length;
    const error = await runTools(
      client,
      { model: 'kimi-k2', messages: user('get_weather now'), tools: [waiting] },
      { signal: controller.signal },
    )
      .done()
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(mock.requests.length - before).toBe(1);
  });

  test('streaming: text steps as the final answer arrives, and tool calls folded from deltas', async () => {
    const steps: ToolRunStep[] = [];
    const run = runTools(client, {
      model: 'kimi-k2',
      messages: user('get_weather in Oslo'),
      tools: [cityWeather],
      stream: true,
    });
    for await (const step of run) steps.push(step);
    const text = steps
      .filter((s) => s.type === 'text')
      .map((s) => (s as { text: string }).text)
      .join('');
    const result = await run.done();
    expect(text).toBe(result.content);
    const call = steps.find((s) => s.type === 'tool_call') as {
      call: { function: { arguments: string } };
    };
    expect(JSON.parse(call.call.function.arguments)).toHaveProperty('city');
  });
});

describe('runTools against a hostile answer', () => {
  const calling = (calls: unknown[]) =>
    json({
      ...completion(),
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: null, tool_calls: calls },
          finish_reason: 'tool_calls',
        },
      ],
    });
  const call = (i: number) => ({
    id: `c${i}`,
    type: 'function',
    function: { name: 'slow', arguments: '{}' },
  });

  test('an answer with more tool calls than maxToolCalls runs none of them', async () => {
    let ran = 0;
    const { fetch, calls } = scriptedFetch(() =>
      calling(Array.from({ length: 100_000 }, (_, i) => call(i))),
    );
    const run = runTools(scripted(fetch), {
      ...ask,
      tools: [{ name: 'slow', run: () => void ran++ }],
    });
    const error = await run.done().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolRunError);
    expect((error as Error).message).toBe(
      'The model asked for 100000 tool calls in one answer, more than maxToolCalls (128); none was run. Raise maxToolCalls if that many are expected.',
    );
    expect(ran).toBe(0);
    expect(calls).toHaveLength(1);
  });

  test('calls run at most `concurrency` at once, their results in order', async () => {
    let inFlight = 0;
    let most = 0;
    const { fetch } = scriptedFetch(
      () => calling(Array.from({ length: 20 }, (_, i) => call(i))),
      () => json(completion('done')),
    );
    const result = await runTools(scripted(fetch), {
      ...ask,
      concurrency: 3,
      tools: [
        {
          name: 'slow',
          run: async (_args, { call }) => {
            most = Math.max(most, ++inFlight);
            // Let the other lanes start before this one ends.
            await new Promise((resolve) => setImmediate(resolve));
            inFlight--;
            return call.id;
          },
        },
      ],
    }).done();
    expect(most).toBe(3);
    expect(result.messages.filter((m) => m.role === 'tool').map((m) => m.content)).toEqual(
      Array.from({ length: 20 }, (_, i) => `c${i}`),
    );
  });

  test.each([
    [[null], 'choices[0].message.tool_calls[0] must be an object with function, got null'],
    [[{ id: 'x' }], 'choices[0].message.tool_calls[0].function is required'],
    [
      [{ id: 'x', function: { arguments: '{}' } }],
      'choices[0].message.tool_calls[0].function.name is required',
    ],
  ])('tool_calls %j is an InvalidResponseError, sent once', async (bad, problem) => {
    const { fetch, calls } = scriptedFetch(() => calling(bad));
    const error = await runTools(scripted(fetch), { ...ask, tools: [cityWeather] })
      .done()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain(problem);
    expect(calls).toHaveLength(1);
  });

  test.each([
    ['maxRounds', 0],
    ['maxToolCalls', -1],
    ['concurrency', 1.5],
  ])('%s %s is refused in one line before anything is sent', async (name, value) => {
    const { fetch, calls } = scriptedFetch(() => json(completion()));
    const error = await runTools(scripted(fetch), { ...ask, tools: [cityWeather], [name]: value })
      .done()
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `${name} must be a whole number of at least 1, got ${value}.`,
    );
    expect(calls).toHaveLength(0);
  });
});
