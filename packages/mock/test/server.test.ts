import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KNOWN_MODELS } from '@comput3/api';
import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { replyText, startMockServer, type MockServer } from '../src/index.js';
import { call, hello } from './contract.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());

describe('startMockServer', () => {
  test('listens on loopback with a URL ending in /v1', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  test('answers a chat completion that quotes the last user message', async () => {
    const a = await call(mock.url, '/chat/completions', { body: hello('What is 2+2?') });
    expect(a.status).toBe(200);
    expect(a.json.object).toBe('chat.completion');
    expect(a.json.model).toBe('deepseek-v3.1');
    expect(a.json.choices[0].message).toEqual({
      role: 'assistant',
      content: await replyText('deepseek-v3.1', [{ role: 'user', content: 'What is 2+2?' }]),
    });
    expect(a.json.choices[0].message.content).toContain('Offline mock of deepseek-v3.1');
    expect(a.json.choices[0].finish_reason).toBe('stop');
    expect(a.headers.get('x-request-id')).toMatch(/^req_mock_\d+$/);
  });

  test('says how to get a real answer as it was told to (realAnswer), where it has none', async () => {
    const told = await startMockServer({ realAnswer: 'Ask again with a key: `pnpm demo`.' });
    try {
      const a = await call(told.url, '/chat/completions', { body: hello('compose a sonnet') });
      expect(a.json.choices[0].message.content).toMatch(/Ask again with a key: `pnpm demo`\.$/);
    } finally {
      await told.close();
    }
  });

  test('is deterministic for a given request', async () => {
    const body = hello('same', { max_tokens: 50 });
    const headers = { 'x-mock-reply-tokens': '40' };
    const [a, b] = await Promise.all([
      call(mock.url, '/chat/completions', { body, headers }),
      call(mock.url, '/chat/completions', { body, headers }),
    ]);
    expect(a.json.choices).toEqual(b.json.choices);
    expect(a.json.usage).toEqual(b.json.usage);
    const other = await call(mock.url, '/chat/completions', { body: hello('different'), headers });
    expect(other.json.choices[0].message.content).not.toBe(a.json.choices[0].message.content);
  });

  test('usage adds up and counts the reply it sent', async () => {
    const a = await call(mock.url, '/chat/completions', {
      body: {
        model: 'kimi-k2',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Tell me about rivers' },
        ],
      },
      headers: { 'x-mock-reply-tokens': '30' },
    });
    const u = a.json.usage;
    expect(u.total_tokens).toBe(u.prompt_tokens + u.completion_tokens);
    expect(u.completion_tokens).toBe(30);
    expect(encode(a.json.choices[0].message.content)).toHaveLength(30);
    // cl100k_base: "Be brief." is 3 tokens, "Tell me about rivers" 4, each role 1; each
    // message costs 3 more for its markers, and the reply's priming 3.
    expect(encode('Be brief.')).toHaveLength(3);
    expect(encode('Tell me about rivers')).toHaveLength(4);
    expect(u.prompt_tokens).toBe(3 + (3 + 1 + 3) + (3 + 1 + 4));
  });

  test('max_tokens truncates with finish_reason "length"', async () => {
    const full = await call(mock.url, '/chat/completions', {
      body: hello('a fairly long message to quote'),
    });
    const cut = await call(mock.url, '/chat/completions', {
      body: hello('a fairly long message to quote', { max_tokens: 3 }),
    });
    expect(cut.json.choices[0].finish_reason).toBe('length');
    expect(cut.json.usage.completion_tokens).toBe(3);
    expect(
      full.json.choices[0].message.content.startsWith(cut.json.choices[0].message.content),
    ).toBe(true);
    expect(encode(cut.json.choices[0].message.content)).toHaveLength(3);
  });

  test('accepts any documented model and lists them in the spec format', async () => {
    const a = await call(mock.url, '/models');
    expect(a.status).toBe(200);
    expect(a.json.object).toBe('list');
    expect(a.json.data.map((m: { id: string }) => m.id)).toEqual([...KNOWN_MODELS]);
    for (const model of KNOWN_MODELS) {
      const r = await call(mock.url, '/chat/completions', { body: { ...hello(), model } });
      expect(r.status).toBe(200);
    }
  });

  test('serves a configured model list, with ids the spec does not know', async () => {
    const custom = await startMockServer({ models: ['hermes4:70b', 'future-model:1t'] });
    try {
      const list = await call(custom.url, '/models');
      expect(list.json.data.map((m: { id: string }) => m.id)).toEqual([
        'hermes4:70b',
        'future-model:1t',
      ]);
      const ok = await call(custom.url, '/chat/completions', {
        body: { ...hello(), model: 'future-model:1t' },
      });
      expect(ok.status).toBe(200);
      const gone = await call(custom.url, '/chat/completions', {
        body: { ...hello(), model: 'kimi-k2' },
      });
      expect(gone.status).toBe(404);
    } finally {
      await custom.close();
    }
  });
});

describe('streaming', () => {
  test('sends role chunk, content deltas, finish chunk and [DONE]', async () => {
    const body = hello('stream me', { stream: true });
    const a = await call(mock.url, '/chat/completions', { body });
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = a.events;
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    const last = chunks.at(-1);
    expect(last.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: 'stop' });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    const text = chunks.map((c) => c.choices[0].delta.content ?? '').join('');
    const plain = await call(mock.url, '/chat/completions', { body: hello('stream me') });
    expect(text).toBe(plain.json.choices[0].message.content);
    expect(chunks.length).toBe(plain.json.usage.completion_tokens + 2);
  });

  test('adds a usage chunk with stream_options.include_usage', async () => {
    const a = await call(mock.url, '/chat/completions', {
      body: hello('count me', {
        stream: true,
        max_tokens: 4,
        stream_options: { include_usage: true },
      }),
    });
    const chunks = a.events.slice(0, -1).map((e) => JSON.parse(e));
    const usage = chunks.at(-1);
    expect(usage.choices).toEqual([]);
    // "count me" is 2 tokens, "user" 1, the message's markers 3, the reply's priming 3.
    expect(usage.usage).toEqual({ prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 });
    expect(chunks.at(-2).choices[0].finish_reason).toBe('length');
  });

  test('streams a long answer of the asked length', async () => {
    const a = await call(mock.url, '/chat/completions', {
      body: hello('long', { stream: true }),
      headers: { 'x-mock-reply-tokens': '20000' },
    });
    expect(a.events.length).toBe(20000 + 3);
  });
});

describe('errors', () => {
  test.each([
    [{ model: 'kimi-k2' }, 'messages', 'messages is required.'],
    [{ messages: [{ role: 'user', content: 'x' }] }, 'model', 'model is required.'],
    [{ ...hello(), model: '' }, 'model', 'model must not be empty.'],
    [{ ...hello(), model: 42 }, 'model', 'model must be a string.'],
    [{ model: 'kimi-k2', messages: [] }, 'messages', 'messages must have at least 1 item.'],
    [
      { model: 'kimi-k2', messages: [{ role: 'robot', content: 'x' }] },
      'messages[0].role',
      'messages[0].role must be one of: system, user, assistant, tool.',
    ],
    [
      { model: 'kimi-k2', messages: [{ role: 'user', content: 7 }] },
      'messages[0].content',
      'messages[0].content must be a string.',
    ],
    [{ ...hello(), temperature: 2.5 }, 'temperature', 'temperature must be <= 2.'],
    [{ ...hello(), temperature: -0.1 }, 'temperature', 'temperature must be >= 0.'],
    [{ ...hello(), temperature: '1' }, 'temperature', 'temperature must be a number.'],
    [{ ...hello(), max_tokens: 0 }, 'max_tokens', 'max_tokens must be >= 1.'],
    [{ ...hello(), max_tokens: 1.5 }, 'max_tokens', 'max_tokens must be an integer.'],
    [{ ...hello(), stream: 'yes' }, 'stream', 'stream must be a boolean.'],
  ])('400 names the bad field: %j', async (body, param, message) => {
    const a = await call(mock.url, '/chat/completions', { body });
    expect(a.status).toBe(400);
    expect(a.json.error).toEqual({
      message,
      type: 'invalid_request_error',
      param,
      code: 'invalid_value',
    });
  });

  test('accepts the edges of the allowed ranges', async () => {
    for (const extra of [{ temperature: 0 }, { temperature: 2 }, { max_tokens: 1 }]) {
      const a = await call(mock.url, '/chat/completions', { body: hello('edge', extra) });
      expect(a.status).toBe(200);
    }
  });

  test('400 for a body that is not JSON', async () => {
    const a = await call(mock.url, '/chat/completions', { body: '{"model": ' });
    expect(a.status).toBe(400);
    expect(a.json.error.code).toBe('invalid_json');
  });

  test('401 without a bearer token, or with a malformed one', async () => {
    const none = await call(mock.url, '/chat/completions', { body: hello(), key: null });
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('invalid_api_key');
    const basic = await call(mock.url, '/models', {
      key: null,
      headers: { authorization: 'Basic abc' },
    });
    expect(basic.status).toBe(401);
  });

  test('401 for a key not in apiKeys, without echoing it', async () => {
    const strict = await startMockServer({ apiKeys: ['sk-good'] });
    try {
      const bad = await call(strict.url, '/chat/completions', {
        body: hello(),
        key: 'sk-secret-bad-key',
      });
      expect(bad.status).toBe(401);
      expect(bad.text).not.toContain('sk-secret-bad-key');
      const good = await call(strict.url, '/chat/completions', { body: hello(), key: 'sk-good' });
      expect(good.status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  test.each([
    ['text/plain', 'Content-Type was "text/plain"'],
    [undefined, 'Content-Type was missing'],
  ])('415 for a JSON body sent as %s', async (type, says) => {
    const res = await fetch(`${mock.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', ...(type ? { 'content-type': type } : {}) },
      // Bytes, because fetch labels a string body text/plain by itself.
      body: new TextEncoder().encode(JSON.stringify(hello())),
    });
    expect(res.status).toBe(415);
    const body = await res.json();
    expect(body.error.code).toBe('unsupported_media_type');
    expect(body.error.message).toContain('must be sent as application/json');
    expect(body.error.message).toContain(says);
  });

  test('application/json with a charset is accepted', async () => {
    const a = await call(mock.url, '/chat/completions', {
      body: hello(),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(a.status).toBe(200);
  });

  test('x-mock-reply-tokens over the cap is a 400 naming the limit', async () => {
    const a = await call(mock.url, '/chat/completions', {
      body: hello(),
      headers: { 'x-mock-reply-tokens': '2000000' },
    });
    expect(a.status).toBe(400);
    expect(a.json.error.message).toContain('from 0 to 500000');
  });

  test('404 model_not_found for an unknown model', async () => {
    const a = await call(mock.url, '/chat/completions', { body: { ...hello(), model: 'gpt-4o' } });
    expect(a.status).toBe(404);
    expect(a.json.error).toMatchObject({ code: 'model_not_found', param: 'model' });
  });

  test('413 for a body over the limit', async () => {
    const small = await startMockServer({ maxBodyBytes: 1000 });
    try {
      const a = await call(small.url, '/chat/completions', { body: hello('x'.repeat(2000)) });
      expect(a.status).toBe(413);
      expect(a.json.error.code).toBe('request_too_large');
      const ok = await call(small.url, '/chat/completions', { body: hello('x'.repeat(500)) });
      expect(ok.status).toBe(200);
    } finally {
      await small.close();
    }
  });

  test('404 for an unknown path and 405 for a wrong method, as JSON', async () => {
    const a = await call(mock.url, '/completions', { body: hello() });
    expect(a.status).toBe(404);
    expect(a.json.error.message).toContain('POST /v1/chat/completions');
    const b = await call(mock.url, '/chat/completions', { method: 'GET' });
    expect(b.status).toBe(405);
    expect(b.headers.get('allow')).toBe('POST');
    expect(b.json.error.code).toBe('method_not_allowed');
  });

  test('answers CORS preflights so browser code can call it', async () => {
    const res = await fetch(`${mock.url}/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
  });
});

describe('connections', () => {
  test('counts open client sockets', async () => {
    const own = await startMockServer();
    try {
      const { Agent, fetch: undiciFetch } = await import('undici');
      const agent = new Agent();
      const res = await undiciFetch(`${own.url}/models`, {
        headers: { authorization: 'Bearer k' },
        dispatcher: agent,
      });
      await res.text();
      expect(own.connections).toBe(1); // kept alive by the client
      await agent.close();
      await expect.poll(() => own.connections).toBe(0);
    } finally {
      await own.close();
    }
  });
});
