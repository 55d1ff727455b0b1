import { afterEach, expect, test } from 'vitest';
import { startMockServer, type MockServer } from '../src/index.js';

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const chat = (m: MockServer, model: string, headers: Record<string, string> = {}) =>
  fetch(`${m.url}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer k', 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });

test('an overloaded model answers 503 overloaded with Retry-After; the others answer', async () => {
  mock = await startMockServer({ overloaded: ['kimi-k2'] });
  const busy = await chat(mock, 'kimi-k2');
  expect(busy.status).toBe(503);
  expect(busy.headers.get('retry-after')).toBe('1');
  const body = (await busy.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('overloaded');
  expect(body.error.message).toContain('`kimi-k2` is overloaded');
  expect((await chat(mock, 'deepseek-v3.1')).status).toBe(200);
});

test('a request names its own overloaded models with x-mock-overloaded', async () => {
  mock = await startMockServer();
  const header = { 'x-mock-overloaded': 'kimi-k2, qwen3-max' };
  expect((await chat(mock, 'qwen3-max', header)).status).toBe(503);
  expect((await chat(mock, 'kimi-k2', header)).status).toBe(503);
  // A name is matched whole: no prefix of another id.
  expect((await chat(mock, 'qwen3-coder:480b', { 'x-mock-overloaded': 'qwen3' })).status).toBe(200);
  expect((await chat(mock, 'qwen3-max')).status).toBe(200);
});
