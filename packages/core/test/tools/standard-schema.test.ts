// Any Standard Schema validator for parse and tools: zod 4 (and zod/mini), valibot, arktype.
// The JSON Schema sent comes from the validator (Standard JSON Schema) or from `jsonSchema`;
// what comes back is checked by the validator, and what does not fit names its path.
import { startMockServer, type MockServer } from '@comput3/mock';
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { toJSONSchema } from 'zod/v4/core';
import { Comput3 } from '../../src/index.js';
import { jsonSchemaOf, pathOf } from '../../src/tools/standard-schema.js';
import { parse, ParseError, runTools, tool, type ToolRunStep } from '../../src/tools/index.js';
import { completion, json, scriptedFetch } from '../helpers.js';

let mock: MockServer;
let client: Comput3;
beforeAll(async () => {
  mock = await startMockServer({ recordBodies: true });
  client = new Comput3({ apiKey: 'sk-standard-schema', baseURL: mock.url });
});
afterAll(() => mock.close());

const messages = [{ role: 'user' as const, content: 'Describe the release' }];
const sentSchema = () =>
  (mock.requests.at(-1)!.body as { response_format: { json_schema: { schema: unknown } } })
    .response_format.json_schema.schema;

// One shape, written in each library.
const release = {
  zod: z.object({ title: z.string(), tags: z.array(z.string()).min(1), breaking: z.boolean() }),
  valibot: toStandardJsonSchema(
    v.object({
      title: v.string(),
      tags: v.pipe(v.array(v.string()), v.minLength(1)),
      breaking: v.boolean(),
    }),
  ),
  arktype: type({ title: 'string', tags: 'string[] >= 1', breaking: 'boolean' }),
};

describe('parse with any Standard Schema', () => {
  for (const [library, schema] of Object.entries(release)) {
    test(`${library}: its JSON Schema is sent, and the answer is its output`, async () => {
      const { parsed } = await parse(client, { model: 'qwen3-max', messages, schema });
      expect(sentSchema()).toMatchObject({
        type: 'object',
        required: expect.arrayContaining(['title', 'tags', 'breaking']),
      });
      expect(typeof (parsed as { title: unknown }).title).toBe('string');
      expect((parsed as { tags: unknown[] }).tags.length).toBeGreaterThan(0);
    });
  }

  test('zod/mini, which gives no JSON Schema itself, with jsonSchema beside it', async () => {
    const schema = zm.object({
      title: zm.string(),
      tags: zm.array(zm.string()),
      breaking: zm.boolean(),
    });
    const { parsed } = await parse(client, {
      model: 'qwen3-max',
      messages,
      schema,
      jsonSchema: toJSONSchema(schema) as Record<string, unknown>,
    });
    expect(sentSchema()).toMatchObject({ type: 'object' });
    expect(typeof parsed.title).toBe('string');
  });

  test('an answer that does not fit names each path, as every library reports it', async () => {
    const answer = JSON.stringify({ title: 7, tags: ['a', 3], breaking: true });
    const { fetch } = scriptedFetch(() => json(completion(answer)));
    const scripted = new Comput3({ apiKey: 'k', baseURL: 'http://api.test/v1', fetch });
    for (const schema of Object.values(release)) {
      const error = await parse(scripted, { model: 'qwen3-max', messages, schema }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ParseError);
      const paths = (error as ParseError).issues.map((i) => i.slice(0, i.indexOf(':')));
      expect(paths).toEqual(expect.arrayContaining(['$.title', '$.tags[1]']));
    }
  });

  test('the JSON Schema is of the input: what the model writes is what the validator reads', () => {
    const schema = z.object({ when: z.string().transform((s) => new Date(s)) });
    expect(jsonSchemaOf(schema)).toMatchObject({ properties: { when: { type: 'string' } } });
    expect(pathOf(['items', 0, { key: 'name' }])).toBe('$.items[0].name');
    expect(pathOf(undefined)).toBe('$');
  });
});

describe('tools with any Standard Schema', () => {
  const forecasts: string[] = [];
  const weather = {
    zod: tool({
      name: 'get_weather',
      parameters: z.object({ city: z.string() }),
      run: ({ city }) => (forecasts.push(city), `${city}: clear`),
    }),
    valibot: tool({
      name: 'get_weather',
      parameters: toStandardJsonSchema(v.object({ city: v.string() })),
      run: ({ city }) => (forecasts.push(city), `${city}: clear`),
    }),
    arktype: tool({
      name: 'get_weather',
      parameters: type({ city: 'string' }),
      run: ({ city }) => (forecasts.push(city), `${city}: clear`),
    }),
  };

  for (const [library, weatherTool] of Object.entries(weather)) {
    test(`${library}: the tool's JSON Schema is sent, and run gets the checked arguments`, async () => {
      forecasts.length = 0;
      const result = await runTools(client, {
        model: 'kimi-k2',
        messages: [{ role: 'user', content: 'get_weather in Paris?' }],
        tools: [weatherTool],
      }).done();
      expect(forecasts).toHaveLength(1);
      expect(result.content).toContain('get_weather');
      const sent = (
        mock.requests.at(-1)!.body as { tools: { function: { parameters: unknown } }[] }
      ).tools[0]!.function.parameters;
      expect(sent).toMatchObject({ type: 'object', properties: { city: { type: 'string' } } });
    });
  }

  test('arguments that do not fit go back to the model with their path; run is not called', async () => {
    const call = {
      id: 'c1',
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":3}' },
    };
    const { fetch } = scriptedFetch(
      () =>
        json({
          ...completion(''),
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: null, tool_calls: [call] },
              finish_reason: 'tool_calls',
            },
          ],
        }),
      () => json(completion('Sorry.')),
    );
    const scripted = new Comput3({ apiKey: 'k', baseURL: 'http://api.test/v1', fetch });
    forecasts.length = 0;
    const steps: ToolRunStep[] = [];
    const run = runTools(scripted, {
      model: 'kimi-k2',
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [weather.zod],
    });
    for await (const step of run) steps.push(step);
    const result = steps.find((s) => s.type === 'tool_result');
    expect(result).toMatchObject({
      content: expect.stringMatching(
        /^Error: the arguments do not fit the tool's parameters: \$\.city: /,
      ),
    });
    expect(forecasts).toEqual([]);
  });

  test('a validator that gives no JSON Schema, without jsonSchema: one clear error before any request', async () => {
    const before = mock.requests.length;
    const plain = tool({
      name: 'get_weather',
      parameters: v.object({ city: v.string() }),
      run: () => '',
    });
    const error = await runTools(client, { model: 'kimi-k2', messages, tools: [plain] })
      .done()
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'Tool "get_weather": its valibot parameters give no JSON Schema to send the model: pass jsonSchema beside them (zod/mini: toJSONSchema from zod/v4/core; valibot: toStandardJsonSchema from @valibot/to-json-schema).',
    );
    expect(mock.requests.length).toBe(before);
  });
});
