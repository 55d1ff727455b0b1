// The reading half of a relay: what a server sends on with toResponse() (or openai's
// toReadableStream()), read back with ChatCompletionStream.fromReadableStream().
import { startMockServer, type MockServer } from '@comput3/mock';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  APIUserAbortError,
  BadRequestError,
  ChatCompletionStream,
  Comput3,
  InvalidResponseError,
} from '../src/index.js';

let mock: MockServer;
let c: Comput3;
beforeAll(async () => {
  mock = await startMockServer();
  c = new Comput3({ apiKey: 'sk-relay-test', baseURL: mock.url });
});
afterAll(() => mock.close());

const ask = {
  model: 'kimi-k2',
  messages: [{ role: 'user' as const, content: 'relay me' }],
  stream: true as const,
};

const direct = async () => (await c.chat.completions.create(ask)).finalCompletion();

describe('fromReadableStream()', () => {
  test.each([
    ['toResponse() (re-encoded SSE)', false],
    ['toResponse({ raw: true }) (the API’s bytes)', true],
  ])('reads %s back into the same answer', async (_name, raw) => {
    const response = (await c.chat.completions.create(ask)).toResponse({ raw });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-request-id')).toMatch(/^req_mock_/);
    const stream = ChatCompletionStream.fromReadableStream(response);
    const pieces: string[] = [];
    for await (const text of stream.text()) pieces.push(text);
    expect(pieces.length).toBeGreaterThan(3);
    const final = await stream.finalCompletion();
    expect(final.choices[0]?.message).toEqual((await direct()).choices[0]?.message);
  });

  test('reads a Response from another fetch implementation (undici’s own, Miniflare’s)', async () => {
    // The undici package's Response is not Node's global one: `instanceof Response` is false.
    const { Response: UndiciResponse } = await import('undici');
    const whole = await new Response(
      (await c.chat.completions.create(ask)).toReadableStream(),
    ).text();
    const foreign = new UndiciResponse(whole, { headers: { 'x-request-id': 'req_foreign' } });
    expect(foreign instanceof Response).toBe(false);
    const stream = ChatCompletionStream.fromReadableStream(foreign as unknown as Response);
    const final = await stream.finalCompletion();
    expect(final.choices[0]?.message).toEqual((await direct()).choices[0]?.message);
    expect(stream.requestId).toBe('req_foreign');
  });

  test('reads the openai package’s toReadableStream() (NDJSON), so a front end can swap', async () => {
    const openai = new OpenAI({ apiKey: 'sk-relay-test', baseURL: mock.url });
    const upstream = await openai.chat.completions.create(ask);
    const stream = ChatCompletionStream.fromReadableStream(upstream.toReadableStream());
    const final = await stream.finalCompletion();
    expect(final.choices[0]?.message).toEqual((await direct()).choices[0]?.message);
  });

  test('a relayed stream cut off before its end is told apart from a whole one', async () => {
    const whole = await new Response(
      (await c.chat.completions.create(ask)).toReadableStream(),
    ).text();
    const cut = whole.slice(0, whole.indexOf('"finish_reason":"stop"') - 200);
    const stream = ChatCompletionStream.fromReadableStream(new Response(cut));
    const error = await stream.finalCompletion().catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(/incomplete/);
    expect(error.partial.choices[0].message.content.length).toBeGreaterThan(0);
  });

  test('a relay that answered an error status is its APIError', async () => {
    const response = new Response(
      JSON.stringify({ error: { message: 'temperature is too high', param: 'temperature' } }),
      { status: 400, headers: { 'content-type': 'application/json' } },
    );
    const error = await ChatCompletionStream.fromReadableStream(response)
      .finalCompletion()
      .catch((e) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.param).toBe('temperature');
    expect(error.message).toContain('temperature is too high');
  });

  test('chunks are checked as from the API: a hostile relay cannot pollute', async () => {
    const evil = `data: ${JSON.stringify({ choices: [{ index: '__proto__', delta: {}, finish_reason: 'x' }] })}\n\n`;
    const error = await ChatCompletionStream.fromReadableStream(new Response(evil))
      .finalCompletion()
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(Object.keys(Array.prototype)).toEqual([]);
  });

  test('its signal ends it quietly; finalCompletion() says it was aborted', async () => {
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(ctl) {
        ctl.enqueue(
          new TextEncoder().encode(
            'data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"so"}}]}\n\n',
          ),
        );
      },
    });
    const stream = ChatCompletionStream.fromReadableStream(body, { signal: controller.signal });
    const seen: string[] = [];
    for await (const text of stream.text()) {
      seen.push(text);
      controller.abort();
    }
    expect(seen).toEqual(['so']);
    await expect(stream.finalCompletion()).rejects.toThrow(APIUserAbortError);
  });
});
