// The tool runner against the mock: one tool, parallel tools, failures, rounds, abort, streaming.
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { APIUserAbortError, Comput3 } from '../../src/index.js';
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
