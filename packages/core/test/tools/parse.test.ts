import { startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { Comput3 } from '../../src/index.js';
import { checkJson, parse, ParseError } from '../../src/tools/index.js';

let mock: MockServer;
let client: Comput3;
beforeAll(async () => {
  mock = await startMockServer({ recordBodies: true });
  client = new Comput3({ apiKey: 'sk-parse-test', baseURL: mock.url });
});
afterAll(() => mock.close());

const messages = [{ role: 'user' as const, content: 'Describe the release' }];
const schema = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' }, minItems: 1 },
    breaking: { type: 'boolean' },
  },
  required: ['title', 'tags', 'breaking'],
  additionalProperties: false,
};

describe('parse', () => {
  test('a plain JSON Schema: sent as json_schema, the answer parsed and checked', async () => {
    const { parsed } = await parse<{ title: string; tags: string[] }>(client, {
      model: 'qwen3-max',
      messages,
      schema,
    });
    expect(typeof parsed.title).toBe('string');
    expect(parsed.tags.length).toBeGreaterThan(0);
    const body = mock.requests.at(-1)!.body as { response_format: unknown };
    expect(body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema, strict: true },
    });
  });

  test('a zod schema (Standard Schema), with its JSON Schema from z.toJSONSchema', async () => {
    const Release = z.object({
      title: z.string(),
      tags: z.array(z.string()).min(1),
      breaking: z.boolean(),
    });
    const { parsed } = await parse(client, {
      model: 'qwen3-max',
      messages,
      schema: Release,
      jsonSchema: z.toJSONSchema(Release) as Record<string, unknown>,
    });
    expect(Release.parse(parsed)).toEqual(parsed);
  });

  test('content that does not fit is a ParseError holding the raw text', async () => {
    const strict = z.object({ title: z.string(), version: z.number() });
    const error = await parse(client, {
      model: 'qwen3-max',
      messages,
      schema: strict,
      jsonSchema: schema, // the model is asked for another shape than the validator wants
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect(error.message).toContain('does not fit the schema');
    expect(error.issues.join(' ')).toContain('version');
    expect(JSON.parse(error.raw)).toHaveProperty('title');
  });

  test('an answer that is not JSON is a ParseError too', async () => {
    const plain = new Comput3({
      apiKey: 'sk-parse-test',
      baseURL: mock.url,
      fetch: async (url, init) => {
        const res = await fetch(url, init);
        const body = await res.json();
        body.choices[0].message.content = 'Sure! Here is the JSON: {';
        return new Response(JSON.stringify(body), { status: 200, headers: res.headers });
      },
    });
    const error = await parse(plain, { model: 'qwen3-max', messages, schema }).catch((e) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect(error.raw).toBe('Sure! Here is the JSON: {');
  });
});

describe('checkJson', () => {
  test.each([
    [{ title: 'x', tags: ['a'], breaking: true }, []],
    [{ title: 'x', tags: [], breaking: true }, ['$.tags: must have at least 1 items']],
    [{ title: 1, tags: ['a'], breaking: true }, ['$.title: must be string, got integer']],
    [{ title: 'x', tags: ['a'] }, ['$: is missing "breaking"']],
    [
      { title: 'x', tags: ['a'], breaking: true, extra: 1 },
      ['$: has "extra", which is not allowed'],
    ],
  ])('%j', (value, issues) => {
    expect(checkJson(value, schema)).toEqual(issues);
  });
});

describe('checkJson: only own properties are fields', () => {
  // A model's answer is hostile input: `key in properties` read the prototype, so these passed
  // `additionalProperties: false` (and `__proto__` could smuggle fields past it).
  test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    '"%s" in an answer is a field the schema does not allow',
    (key) => {
      const answer = JSON.parse(
        `{"title":"a","tags":["x"],"breaking":false,${JSON.stringify(key)}:{"isAdmin":true}}`,
      );
      expect(checkJson(answer, schema)).toEqual([`$: has "${key}", which is not allowed`]);
    },
  );

  test('a required field is not found on the prototype', () => {
    const answer = JSON.parse('{"tags":["x"],"breaking":false}');
    expect(checkJson(answer, { ...schema, required: ['title', 'toString'] })).toEqual([
      '$: is missing "title"',
      '$: is missing "toString"',
    ]);
  });
});
