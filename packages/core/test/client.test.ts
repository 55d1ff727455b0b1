import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  Comput3,
  InvalidResponseError,
  Comput3Error,
  DEFAULT_BASE_URL,
  type ClientOptions,
  type Logger,
} from '../src/index.js';
import { answer, ask, client, completion, json, scriptedFetch, sse } from './helpers.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe('new Comput3()', () => {
  test('reads COMPUT3_API_KEY and COMPUT3_BASE_URL', async () => {
    vi.stubEnv('COMPUT3_API_KEY', 'sk-from-env-123');
    vi.stubEnv('COMPUT3_BASE_URL', 'http://env.test/v1/');
    const { fetch, calls } = scriptedFetch(() => json(completion()));
    const c = new Comput3({ fetch });
    expect(c.baseURL).toBe('http://env.test/v1');
    await c.chat.completions.create(ask);
    expect(calls[0]!.url).toBe('http://env.test/v1/chat/completions');
    expect(new Headers(calls[0]!.init.headers).get('authorization')).toBe('Bearer sk-from-env-123');
  });

  test('options win over the environment; the default base URL is production', () => {
    vi.stubEnv('COMPUT3_BASE_URL', '');
    expect(new Comput3({ apiKey: 'k' }).baseURL).toBe(DEFAULT_BASE_URL);
    vi.stubEnv('COMPUT3_BASE_URL', 'http://env.test/v1');
    expect(new Comput3({ apiKey: 'k', baseURL: 'http://opt.test/v1' }).baseURL).toBe(
      'http://opt.test/v1',
    );
  });

  test('no key: construction succeeds, and each request fails naming the variable, unsent', async () => {
    vi.stubEnv('COMPUT3_API_KEY', '');
    const fetch = vi.fn();
    const keyless = new Comput3({ fetch, baseURL: 'http://api.test/v1' }); // as at module scope
    const message =
      'No API key: set COMPUT3_API_KEY in the environment, or pass new Comput3({ apiKey }).';
    await expect(
      keyless.chat.completions.create({
        model: 'kimi-k2',
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toThrow(message);
    await expect(keyless.models.list()).rejects.toThrow(Comput3Error);
    expect(fetch).not.toHaveBeenCalled();
  });

  test('in a page, a relative baseURL is resolved against the page; elsewhere it is refused', () => {
    vi.stubGlobal('window', { document: {} });
    vi.stubGlobal('location', { href: 'https://app.example/chat/42' });
    const c = new Comput3({
      apiKey: 'unused',
      baseURL: '/api/relay/',
      dangerouslyAllowBrowser: true,
    });
    expect(c.baseURL).toBe('https://app.example/api/relay');
    vi.unstubAllGlobals();
    expect(() => new Comput3({ apiKey: 'k', baseURL: '/api/relay' })).toThrow(
      'baseURL must be an http(s) URL',
    );
  });

  test('refuses to run in a browser unless allowed', () => {
    vi.stubGlobal('window', { document: {} });
    expect(() => new Comput3({ apiKey: 'k' })).toThrow(/refuses to run in a browser/);
    expect(() => new Comput3({ apiKey: 'k', dangerouslyAllowBrowser: true })).not.toThrow();
  });

  test('a web worker counts as a browser too', () => {
    vi.stubGlobal('importScripts', () => {});
    expect(() => new Comput3({ apiKey: 'k' })).toThrow(/refuses to run in a browser/);
  });

  test.each([
    [{ baseURL: 'api.comput3.ai' }, 'baseURL must be an http(s) URL'],
    [
      { baseURL: 'https://me:hunter22@gw.test/v1' },
      'baseURL must be an http(s) URL without credentials, such as https://api.comput3.ai/v1, got "https://me:***@gw.test/v1".',
    ],
    [{ timeout: 0 }, 'timeout must be a positive number of milliseconds, got 0.'],
    [{ maxRetries: -1 }, 'maxRetries must be a whole number ≥ 0, got -1.'],
    [{ maxRetries: 1.5 }, 'maxRetries must be a whole number ≥ 0, got 1.5.'],
    [
      { maxResponseSize: 2 ** 30 },
      'maxResponseSize must be a positive number up to 536870888, got 1073741824.',
    ],
    [
      { logLevel: 'verbose' },
      'logLevel must be one of off, error, warn, info, debug, got "verbose".',
    ],
  ] as [object, string][])('rejects bad option %j', (options, message) => {
    // As from JavaScript or a config file: the types would have caught these in TypeScript.
    const make = () => new Comput3({ apiKey: 'k', ...(options as ClientOptions) });
    expect(make).toThrow(Comput3Error);
    expect(make).toThrow(message);
  });
});

describe('requests', () => {
  test('sends default and per-call headers beside the key', async () => {
    const { fetch, calls } = scriptedFetch(() => json(completion()));
    const c = client(fetch, { defaultHeaders: { 'x-team': 'search' } });
    await c.chat.completions.create(ask, { headers: { 'x-trace': 't1' } });
    const headers = new Headers(calls[0]!.init.headers);
    expect(headers.get('x-team')).toBe('search');
    expect(headers.get('x-trace')).toBe('t1');
    expect(headers.get('content-type')).toBe('application/json');
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual(ask);
  });

  test('a header given in any case replaces ours instead of joining it', async () => {
    const { fetch, calls } = scriptedFetch(
      () => json(completion()),
      sse(() => answer('Hi')),
      () => json({ object: 'list', data: [] }),
    );
    const c = client(fetch, { defaultHeaders: { 'X-Team': 'search', 'Content-Type': 'text/x-a' } });
    await c.chat.completions.create(ask, {
      headers: { 'x-team': 'ads', 'CONTENT-TYPE': 'text/x-b' },
    });
    for await (const _ of await c.chat.completions.create(
      { ...ask, stream: true },
      { headers: { Accept: 'text/event-stream; q=1' } },
    ));
    await c.models.list();
    // A plain object keeps each spelling as its own header, and fetch would join their values.
    const names = (i: number) => Object.keys(calls[i]!.init.headers as object).sort();
    const get = (i: number, name: string) => new Headers(calls[i]!.init.headers).get(name);
    expect(names(0)).toEqual(['authorization', 'content-type', 'x-team']);
    expect(get(0, 'x-team')).toBe('ads');
    expect(get(0, 'content-type')).toBe('text/x-b');
    expect(get(1, 'accept')).toBe('text/event-stream; q=1');
    expect(get(1, 'content-type')).toBe('text/x-a');
    expect(names(2)).toEqual(['authorization', 'content-type', 'x-team']);
    expect(get(2, 'content-type')).toBe('text/x-a'); // defaults go everywhere; our JSON type only with a body
  });

  test('the key wins over a default Authorization header, a per-call one wins over both', async () => {
    const { fetch, calls } = scriptedFetch(
      () => json(completion()),
      () => json(completion()),
      () => json({ object: 'list', data: [] }),
    );
    const c = new Comput3({
      apiKey: 'sk-real-key',
      baseURL: 'http://api.test/v1',
      fetch,
      defaultHeaders: { Authorization: 'Bearer stale' },
    });
    await c.chat.completions.create(ask);
    await c.chat.completions.create(ask, { headers: { authorization: 'Bearer per-call' } });
    await c.models.list();
    expect(new Headers(calls[0]!.init.headers).get('authorization')).toBe('Bearer sk-real-key');
    expect(new Headers(calls[1]!.init.headers).get('authorization')).toBe('Bearer per-call');
    expect(Object.keys(calls[2]!.init.headers as object)).toEqual(['authorization']);
  });

  test('ask() sends the prompt (and system) and returns the text', async () => {
    const { fetch, calls } = scriptedFetch(() => json(completion('42')));
    const answer = await client(fetch).ask('What is 6 × 7?', {
      model: 'qwen3-max',
      system: 'Be terse.',
      temperature: 0,
    });
    expect(answer).toBe('42');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({
      model: 'qwen3-max',
      temperature: 0,
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'What is 6 × 7?' },
      ],
    });
  });

  test('models.list() returns the live list, unknown ids included', async () => {
    const data = [
      { id: 'kimi-k2', object: 'model', created: 1, owned_by: 'comput3' },
      { id: 'brand-new:1t', object: 'model', created: 2, owned_by: 'comput3' },
    ];
    const { fetch, calls } = scriptedFetch(() => json({ object: 'list', data }));
    expect(await client(fetch).models.list()).toEqual(data);
    expect(calls[0]!.url).toBe('http://api.test/v1/models');
    expect(calls[0]!.init.method).toBe('GET');
  });

  test('every result carries its request id and response: a completion, a stream, the model list', async () => {
    const { fetch } = scriptedFetch(
      () => json(completion(), 200, { 'x-request-id': 'req_whole' }),
      sse(() => answer('Hi'), {
        headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_stream' },
      }),
      () =>
        json({ object: 'list', data: [] }, 200, {
          'x-request-id': 'req_models',
          'x-extra': 'seen',
        }),
    );
    const c = client(fetch);
    const whole = await c.chat.completions.create(ask);
    expect(whole.metrics.requestId).toBe('req_whole');
    expect(whole.response.status).toBe(200);
    expect(whole.response.headers.get('x-request-id')).toBe('req_whole');
    // Beside the answer, not in it: JSON and spreading give the API's answer as it came.
    expect(Object.keys(whole)).not.toContain('response');
    expect(JSON.parse(JSON.stringify(whole))).toEqual(completion());
    const streamed = await (
      await c.chat.completions.create({ ...ask, stream: true })
    ).finalCompletion();
    expect(streamed.metrics.requestId).toBe('req_stream');
    expect(streamed.response.headers.get('x-request-id')).toBe('req_stream');
    const models = await c.models.list();
    expect(models.requestId).toBe('req_models');
    expect(models.response.headers.get('x-extra')).toBe('seen');
    expect(JSON.stringify(models)).toBe('[]');
  });

  test('withOptions(): a client with some options changed, the original unchanged', async () => {
    const { fetch, calls } = scriptedFetch(() => json(completion()));
    const base = client(fetch, { defaultHeaders: { 'x-team': 'a' }, maxRetries: 0 });
    const derived = base.withOptions({
      baseURL: 'http://other.test/v2',
      defaultHeaders: { 'x-team': 'b' },
    });
    expect(derived).toBeInstanceOf(Comput3);
    expect(derived.baseURL).toBe('http://other.test/v2');
    expect(base.baseURL).toBe('http://api.test/v1');
    await derived.chat.completions.create(ask);
    await base.chat.completions.create(ask);
    expect(calls.map((c) => [c.url, (c.init.headers as Record<string, string>)['x-team']])).toEqual(
      [
        ['http://other.test/v2/chat/completions', 'b'],
        ['http://api.test/v1/chat/completions', 'a'],
      ],
    );
    // The key comes along: the derived client is the same account.
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe(
      'Bearer sk-test-key-123456',
    );
    expect(() => base.withOptions({ timeout: -1 })).toThrow('timeout must be a positive number');
  });

  test('models.list() tolerates extra fields, missing optional ones and a fractional created', async () => {
    const data = [
      { id: 'kimi-k2', object: 'model', created: 1735689600.123, owned_by: 'x', max_model_len: 1 },
      { id: 'bare-model' },
    ];
    const { fetch } = scriptedFetch(() => json({ object: 'list', data, has_more: false }));
    expect(await client(fetch).models.list()).toEqual(data);
  });

  test.each([
    [{ models: [] }, 'data is required'],
    [
      { object: 'list', data: [{ id: 'ok' }, { id: 7 }] },
      'data[1].id must be a non-empty string, got 7',
    ],
    [{ object: 'list', data: ['kimi-k2'] }, 'data[0] must be an object with id, got "kimi-k2"'],
    [{ object: 'list', data: [{ name: 'kimi-k2' }] }, 'data[0].id is required'],
  ])('models.list() refuses a list of the wrong shape: %j', async (body, problem) => {
    const { fetch } = scriptedFetch(() => json(body));
    const error = await client(fetch)
      .models.list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toBe(
      `GET http://api.test/v1/models answered JSON that is not a model list: ${problem}.`,
    );
  });
});

describe('logging', () => {
  const recorder = () => {
    const lines: string[] = [];
    const logger: Logger = {
      error: (m) => lines.push(`error ${m}`),
      warn: (m) => lines.push(`warn ${m}`),
      info: (m) => lines.push(`info ${m}`),
      debug: (m) => lines.push(`debug ${m}`),
    };
    return { lines, logger };
  };

  test('is off by default', async () => {
    const spy = vi.spyOn(console, 'debug');
    const info = vi.spyOn(console, 'info');
    const { fetch } = scriptedFetch(() => json(completion()));
    await client(fetch).chat.completions.create(ask);
    expect(spy).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
  });

  test('debug logs method, URL, status, timing and retries, never the key', async () => {
    const { lines, logger } = recorder();
    const key = 'sk-very-secret-key-42';
    const { fetch } = scriptedFetch(
      () =>
        json({ error: { message: 'busy', type: 'server_error' } }, 503, { 'retry-after-ms': '1' }),
      () => json(completion()),
    );
    await new Comput3({
      apiKey: key,
      baseURL: 'http://api.test/v1',
      fetch,
      logger,
      logLevel: 'debug',
    }).chat.completions.create(ask);
    const log = lines.join('\n');
    expect(log).toContain(
      'debug [comput3] POST http://api.test/v1/chat/completions headers: authorization: Bearer ***',
    );
    expect(log).toMatch(
      /info \[comput3\] POST http:\/\/api\.test\/v1\/chat\/completions → 503 in \d+ ms/,
    );
    expect(log).toContain('retrying in 1 ms (retry 1 of 2)');
    expect(log).toMatch(/→ 200 in \d+ ms/);
    expect(log).not.toContain(key);
  });

  test('info leaves out the debug lines', async () => {
    const { lines, logger } = recorder();
    const { fetch } = scriptedFetch(() => json(completion()));
    await client(fetch, { logger, logLevel: 'info' }).chat.completions.create(ask);
    expect(lines.some((l) => l.startsWith('debug'))).toBe(false);
    expect(lines.some((l) => l.startsWith('info'))).toBe(true);
  });
});
