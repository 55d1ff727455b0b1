import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

/**
 * The spec changes the way `pnpm generate` would write them, over today's spec: a new
 * operation (`POST /completions`), a new response field (`system_fingerprint`), a renamed one
 * (`Model.owned_by` → `owner`). The mock must follow each without a line of its own changed.
 */
vi.mock('@comput3/api/spec', async (original) => {
  const { spec } = await original<typeof import('@comput3/api/spec')>();
  const copy = structuredClone(spec) as any;
  const schemas = copy.components.schemas;
  schemas.CompletionRequest = {
    type: 'object',
    required: ['model', 'prompt'],
    properties: { model: { type: 'string', minLength: 1 }, prompt: { type: 'string' } },
  };
  schemas.Completion = {
    type: 'object',
    required: ['id', 'object', 'choices'],
    properties: {
      id: { type: 'string' },
      object: { type: 'string', const: 'text_completion' },
      choices: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['text', 'index'],
          properties: { text: { type: 'string' }, index: { type: 'integer', minimum: 0 } },
        },
      },
    },
  };
  copy.paths['/completions'] = {
    post: {
      operationId: 'createCompletion',
      requestBody: {
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/CompletionRequest' } },
        },
      },
      responses: {
        '200': {
          description: 'ok',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Completion' } } },
        },
      },
    },
  };
  for (const name of ['ChatCompletion', 'ChatCompletionChunk'])
    schemas[name].properties.system_fingerprint = { type: 'string', examples: ['fp_mock'] };
  const model = schemas.Model;
  model.properties.owner = model.properties.owned_by;
  delete model.properties.owned_by;
  model.required = model.required.map((k: string) => (k === 'owned_by' ? 'owner' : k));
  return { spec: copy };
});
vi.mock('@comput3/api/constants', async (original) => {
  const real = await original<typeof import('@comput3/api/constants')>();
  return {
    ...real,
    OPERATIONS: {
      ...real.OPERATIONS,
      'POST /completions': ['createCompletion', 200, 'CompletionRequest'],
    },
  };
});

const { startMockServer } = await import('../src/index.js');
type Mock = Awaited<ReturnType<typeof startMockServer>>;
let mock: Mock;
const post = (path: string, body: unknown) =>
  fetch(`${mock.url}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());

describe('the mock follows the spec', () => {
  test('a new operation is served with a schema-valid answer, not a 404', async () => {
    const response = await post('/completions', { model: 'kimi-k2', prompt: 'hi' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body).toMatchObject({ object: 'text_completion', choices: [{ index: 0 }] });
    expect(typeof body.choices[0].text).toBe('string');
  });

  test('its body is checked against its schema, its auth and method as for any route', async () => {
    const bad = await post('/completions', { model: 'kimi-k2' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error).toMatchObject({
      param: 'prompt',
      code: 'invalid_value',
    });
    const anonymous = await fetch(`${mock.url}/completions`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
    const get = await fetch(`${mock.url}/completions`, { headers: { authorization: 'Bearer k' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  test('a 404 lists what is served, from the spec', async () => {
    const response = await fetch(`${mock.url}/nothing`, { headers: { authorization: 'Bearer k' } });
    expect(response.status).toBe(404);
    expect(((await response.json()) as any).error.message).toContain('POST /v1/completions');
  });

  test('a response field the spec gains is sent, whole and streamed', async () => {
    const messages = [{ role: 'user', content: 'hi' }];
    const whole = (await (
      await post('/chat/completions', { model: 'kimi-k2', messages })
    ).json()) as any;
    expect(whole.system_fingerprint).toBe('fp_mock');
    const stream = await (
      await post('/chat/completions', { model: 'kimi-k2', messages, stream: true })
    ).text();
    const chunks = stream
      .split('\n\n')
      .filter((e) => e.startsWith('data: {'))
      .map((e) => JSON.parse(e.slice(6)));
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.system_fingerprint).toBe('fp_mock');
  });

  test('a renamed field is sent under its new name only', async () => {
    const list = (await (
      await fetch(`${mock.url}/models`, { headers: { authorization: 'Bearer k' } })
    ).json()) as any;
    expect(list.data[0]).toHaveProperty('owner', 'comput3');
    expect(list.data[0]).not.toHaveProperty('owned_by');
  });
});
