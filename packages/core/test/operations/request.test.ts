import { describe, expect, expectTypeOf, test } from 'vitest';
import type { ModelList } from '@comput3/api';
import { APIError, Comput3ValidationError } from '../../src/index.js';
import { request } from '../../src/operations/index.js';
import { apiErrorBody, client, completion, json, scriptedFetch } from '../helpers.js';

describe('request(): any operation of the spec', () => {
  test('a GET without a body: typed answer, the client’s headers and base URL', async () => {
    const list = {
      object: 'list',
      data: [{ id: 'm', object: 'model', created: 1, owned_by: 'o' }],
    };
    const { fetch, calls } = scriptedFetch(() => json(list));
    const answer = await request(client(fetch), 'get', '/models');
    expectTypeOf(answer).toEqualTypeOf<ModelList>();
    expect(answer).toEqual(list);
    expect(calls[0]!.url).toBe('http://api.test/v1/models');
    expect(calls[0]!.init.method).toBe('GET');
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe(
      'Bearer sk-test-key-123456',
    );
  });

  test('a POST: the body checked by the spec’s rules, sent as JSON', async () => {
    const { fetch, calls } = scriptedFetch(() => json(completion('hi')));
    const answer = await request(client(fetch), 'post', '/chat/completions', {
      body: { model: 'kimi-k2', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(answer.choices[0]!.message.content).toBe('hi');
    expect(JSON.parse(calls[0]!.init.body as string).model).toBe('kimi-k2');
    expect((calls[0]!.init.headers as Record<string, string>)['content-type']).toBe(
      'application/json',
    );
  });

  test('a bad body is a Comput3ValidationError naming the field, and nothing is sent', async () => {
    const { fetch, calls } = scriptedFetch(() => json(completion()));
    const error = await request(client(fetch), 'post', '/chat/completions', {
      body: { model: 'kimi-k2', messages: [{ role: 'user', content: 'hi' }], temperature: 7 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Comput3ValidationError);
    expect((error as Comput3ValidationError).field).toBe('temperature');
    const missing = await request(client(fetch), 'post', '/chat/completions', {
      body: undefined as never,
    }).catch((e: unknown) => e);
    expect((missing as Error).message).toBe('body must be an object with model and messages.');
    expect(calls).toHaveLength(0);
  });

  test('errors and retries are the client’s: a 503 is retried, a 400 is an APIError', async () => {
    const { fetch, calls } = scriptedFetch(
      () => json(apiErrorBody('busy'), 503, { 'retry-after-ms': '1' }),
      () => json(apiErrorBody('bad', 'invalid_value'), 400),
    );
    const error = await request(client(fetch), 'get', '/models').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(400);
    expect(calls).toHaveLength(2);
  });

  test('an answer that is not JSON is an InvalidResponseError, never retried', async () => {
    const { fetch, calls } = scriptedFetch(
      () => new Response('<html>', { headers: { 'content-type': 'text/html' } }),
    );
    await expect(request(client(fetch), 'get', '/models')).rejects.toThrow(
      /answered 200 with text\/html that is not valid JSON/,
    );
    expect(calls).toHaveLength(1);
  });

  test('paths and bodies the spec does not have do not compile', () => {
    const c = client(scriptedFetch(() => json({})).fetch);
    // @ts-expect-error no such path
    void request(c, 'get', '/nothing').catch(() => {});
    // @ts-expect-error /models takes no POST
    void request(c, 'post', '/models').catch(() => {});
    // @ts-expect-error the body is required and typed
    void request(c, 'post', '/chat/completions', { body: { model: 1 } }).catch(() => {});
  });
});
