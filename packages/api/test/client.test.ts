import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiClient, DEFAULT_BASE_URL, KNOWN_MODELS } from '../src/index.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let baseUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/models') {
        res.end(
          JSON.stringify({
            object: 'list',
            data: [{ id: 'm', object: 'model', created: 1, owned_by: 'o' }],
          }),
        );
      } else if (req.url === '/v1/chat/completions' && JSON.parse(body).model === 'missing') {
        res.statusCode = 404;
        res.end(
          JSON.stringify({
            error: {
              message: 'no such model',
              type: 'invalid_request_error',
              code: 'model_not_found',
            },
          }),
        );
      } else {
        res.end(
          JSON.stringify({
            id: 'chatcmpl-1',
            object: 'chat.completion',
            created: 1,
            model: JSON.parse(body).model,
            choices: [
              { index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' },
            ],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('createApiClient', () => {
  test('posts a chat completion with the bearer token and JSON body', async () => {
    const client = createApiClient({ baseUrl, apiKey: 'sk-test-123' });
    const { data, error, response } = await client.POST('/chat/completions', {
      body: { model: 'hermes4:70b', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 5 },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.choices[0]?.message.content).toBe('hi');
    const last = seen.at(-1)!;
    expect(last.method).toBe('POST');
    expect(last.url).toBe('/v1/chat/completions');
    expect(last.headers.authorization).toBe('Bearer sk-test-123');
    expect(last.headers['content-type']).toBe('application/json');
    expect(JSON.parse(last.body)).toEqual({
      model: 'hermes4:70b',
      messages: [{ role: 'user', content: 'Hello' }],
      max_tokens: 5,
    });
  });

  test('returns the parsed error body for a non-2xx answer', async () => {
    const client = createApiClient({ baseUrl, apiKey: 'k' });
    const { data, error, response } = await client.POST('/chat/completions', {
      body: { model: 'missing', messages: [{ role: 'user', content: 'x' }] },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error?.error.code).toBe('model_not_found');
  });

  test('lists models and keeps caller headers beside the key', async () => {
    const client = createApiClient({
      baseUrl: `${baseUrl}/`,
      apiKey: 'k2',
      headers: { 'x-team': 'search' },
    });
    const { data } = await client.GET('/models');
    expect(data?.data.map((m) => m.id)).toEqual(['m']);
    const last = seen.at(-1)!;
    expect(last.url).toBe('/v1/models');
    expect(last.headers['x-team']).toBe('search');
    expect(last.headers.authorization).toBe('Bearer k2');
  });

  test('sends no Authorization header without a key', async () => {
    const client = createApiClient({ baseUrl });
    await client.GET('/models');
    expect(seen.at(-1)!.headers.authorization).toBeUndefined();
  });
});

describe('constants generated from the spec', () => {
  test('the documented models and server', () => {
    expect(KNOWN_MODELS).toEqual([
      'hermes4:70b',
      'hermes4:405b',
      'deepseek-v3.1',
      'kimi-k2',
      'qwen3-coder:480b',
      'qwen3-max',
      'grok-code-fast-1',
      'claude-sonnet-4',
    ]);
    expect(DEFAULT_BASE_URL).toBe('https://api.comput3.ai/v1');
  });
});
