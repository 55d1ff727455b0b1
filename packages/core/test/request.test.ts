// The retry, timeout and abort rules, each against an injected fetch.
import { describe, expect, test } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  APIError,
  Comput3,
  Comput3Error,
} from '../src/index.js';
import {
  apiErrorBody,
  fakeClock,
  ask,
  client,
  completion,
  json,
  scriptedFetch,
  untilAborted,
} from './helpers.js';

// Retry hints of 1 ms keep these tests fast while still going through the real wait.
const fast = { 'retry-after-ms': '1' };

describe('errors by status', () => {
  test.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [418, APIError],
  ])('%i → %o', async (status, Class) => {
    const { fetch } = scriptedFetch(() => json(apiErrorBody('nope', 'some_code'), status, fast));
    const error = await client(fetch, { maxRetries: 0 })
      .chat.completions.create(ask)
      .catch((e) => e);
    expect(error).toBeInstanceOf(Class);
    expect(error.name).toBe(Class.name);
    expect(error.status).toBe(status);
    expect(error.requestId).toBe('req_123');
    expect(error.code).toBe('some_code');
    expect(error.error).toEqual(apiErrorBody('nope', 'some_code').error);
    expect(error.headers.get('x-request-id')).toBe('req_123');
    expect(error.message).toBe(
      `POST http://api.test/v1/chat/completions failed with ${status}: nope (request id req_123)`,
    );
  });

  test('a non-JSON error body still gives a readable message', async () => {
    const { fetch } = scriptedFetch(() => new Response('upstream exploded', { status: 500 }));
    const error = await client(fetch, { maxRetries: 0 })
      .chat.completions.create(ask)
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toContain('failed with 500: upstream exploded');
    expect(error.error).toBeUndefined();
  });

  // Real OpenAI-compatible servers and gateways word their errors in many shapes.
  test.each([
    ['a top-level message', { status: 'failure', message: 'Model is warming up' }],
    ['a string error', { error: 'Model is warming up' }],
    ["FastAPI's detail", { detail: 'Model is warming up' }],
    ['the OpenAI shape', apiErrorBody('Model is warming up')],
  ])("an error body with %s shows the server's own words", async (_, body) => {
    const { fetch } = scriptedFetch(() => json(body, 503, fast));
    const error = await client(fetch, { maxRetries: 0 })
      .chat.completions.create(ask)
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toBe(
      'POST http://api.test/v1/chat/completions failed with 503: Model is warming up (request id req_123)',
    );
  });

  test("the server's words are one line, cut, and scrubbed of the key", async () => {
    const words = `bad key sk-test-key-123456\n${'very long '.repeat(50)}`;
    const { fetch } = scriptedFetch(() => json({ message: words }, 400));
    const error = await client(fetch)
      .chat.completions.create(ask)
      .catch((e) => e);
    expect(error.message).not.toContain('sk-test-key-123456');
    expect(error.message).not.toContain('\n');
    expect(error.message).toMatch(/failed with 400: bad key \[redacted\] very long .*…/);
    expect(error.message.length).toBeLessThan(300);
    expect(error.error).toBeUndefined(); // not the OpenAI shape
  });

  test('a short plain-text body is the message', async () => {
    const { fetch } = scriptedFetch(
      () =>
        new Response('Unauthorized', { status: 401, headers: { 'content-type': 'text/plain' } }),
    );
    const error = await client(fetch)
      .chat.completions.create(ask)
      .catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe(
      'POST http://api.test/v1/chat/completions failed with 401: Unauthorized',
    );
  });

  test('the API key never appears in an error message, even when the server echoes it', async () => {
    const key = 'sk-live-SECRET-0123456789';
    const { fetch } = scriptedFetch(() =>
      json(apiErrorBody(`Incorrect API key provided: ${key}.`, 'invalid_api_key'), 401),
    );
    const error = await client(fetch, { apiKey: key })
      .chat.completions.create(ask)
      .catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).not.toContain(key);
    expect(error.message).toContain('[redacted]');
    expect(JSON.stringify(error.error)).not.toContain(key);
  });
});

describe('retries', () => {
  test.each([408, 409, 429, 500, 503])('retries %i, then succeeds', async (status) => {
    const { fetch, calls } = scriptedFetch(
      () => json(apiErrorBody('busy'), status, fast),
      () => json(apiErrorBody('busy'), status, fast),
      () => json(completion('finally')),
    );
    const result = await client(fetch).chat.completions.create(ask);
    expect(result.choices[0]?.message.content).toBe('finally');
    expect(calls).toHaveLength(3);
  });

  test('gives up after maxRetries with the last error', async () => {
    const { fetch, calls } = scriptedFetch(() => json(apiErrorBody('still busy'), 503, fast));
    await expect(client(fetch, { maxRetries: 3 }).chat.completions.create(ask)).rejects.toThrow(
      InternalServerError,
    );
    expect(calls).toHaveLength(4);
  });

  test('per-call maxRetries overrides the client', async () => {
    const { fetch, calls } = scriptedFetch(() => json(apiErrorBody('busy'), 503, fast));
    await expect(client(fetch).chat.completions.create(ask, { maxRetries: 0 })).rejects.toThrow();
    expect(calls).toHaveLength(1);
  });

  test.each([400, 401, 404, 422])('does not retry %i', async (status) => {
    const { fetch, calls } = scriptedFetch(() => json(apiErrorBody('no'), status, fast));
    await expect(client(fetch).chat.completions.create(ask)).rejects.toThrow(APIError);
    expect(calls).toHaveLength(1);
  });

  test('obeys x-should-retry', async () => {
    const yes = scriptedFetch(
      () => json(apiErrorBody('try again'), 400, { ...fast, 'x-should-retry': 'true' }),
      () => json(completion()),
    );
    await client(yes.fetch).chat.completions.create(ask);
    expect(yes.calls).toHaveLength(2);
    const no = scriptedFetch(() =>
      json(apiErrorBody('give up'), 503, { 'x-should-retry': 'false' }),
    );
    await expect(client(no.fetch).chat.completions.create(ask)).rejects.toThrow(
      InternalServerError,
    );
    expect(no.calls).toHaveLength(1);
  });

  test('waits as long as Retry-After says', async () => {
    const { fetch, calls } = scriptedFetch(
      () => json(apiErrorBody('slow down'), 429, { 'retry-after': '0.3' }),
      () => json(completion()),
    );
    const started = Date.now();
    await client(fetch).chat.completions.create(ask);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(calls).toHaveLength(2);
  });

  test('retries connection errors and reports them as APIConnectionError', async () => {
    const refused = () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    };
    const { fetch, calls } = scriptedFetch(refused, refused, () => json(completion('up again')));
    const c = client(fetch, { maxRetries: 2 });
    // Backoff is real (0.5 s, then 1 s): this also shows the default schedule is used.
    const started = Date.now();
    expect((await c.chat.completions.create(ask)).choices[0]?.message.content).toBe('up again');
    expect(Date.now() - started).toBeGreaterThanOrEqual(375 + 750);
    expect(calls).toHaveLength(3);

    const down = scriptedFetch(refused);
    const error = await client(down.fetch, { maxRetries: 0 })
      .chat.completions.create(ask)
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toBe(
      'POST http://api.test/v1/chat/completions failed: connection refused by api.test (ECONNREFUSED): check the base URL, and the proxy URL if any.',
    );
  });
});

describe('a request fetch cannot make', () => {
  test('is one Comput3Error, sent once, never retried as a network failure', async () => {
    // What the real fetch does with a header value it cannot send: a TypeError, like the
    // network's. Here the key has a line break inside it (two lines of a file pasted as one).
    let attempts = 0;
    const fetch = (url: string, init: RequestInit) => {
      attempts++;
      return globalThis.fetch(url, init);
    };
    const key = 'sk-from-a-file\n0123456789';
    const error = await new Comput3({
      apiKey: key,
      baseURL: 'http://127.0.0.1:9/v1',
      fetch,
    }).chat.completions
      .create(ask)
      .catch((e: unknown) => e);
    expect(attempts).toBe(1);
    expect(error).toBeInstanceOf(Comput3Error);
    expect(error).not.toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(
      /^POST http:\/\/127\.0\.0\.1:9\/v1\/chat\/completions could not be sent: .*\[redacted\]/,
    );
    expect(
      JSON.stringify(error) + String((error as Error).stack) + String((error as Error).cause),
    ).not.toContain('sk-from-a-file');
  });
});

describe('timeouts and cancellation', () => {
  test('times out waiting for headers, and aborts the connection', async () => {
    let signal: AbortSignal | null | undefined;
    const { fetch, calls } = scriptedFetch(({ init }) => {
      signal = init.signal;
      return untilAborted(init.signal);
    });
    const error = await client(fetch, { timeout: 50, maxRetries: 1 })
      .chat.completions.create(ask)
      .catch((e) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain('timed out: no response arrived within 50 ms');
    expect(signal?.aborted).toBe(true);
    expect(calls).toHaveLength(2); // a timeout is a connection error, so it is retried
  });

  test('the timeout is idle time: a slow but steady body is not cut off', async () => {
    const { fetch } = scriptedFetch(() => {
      const text = JSON.stringify(completion('steady'));
      let i = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((r) => setTimeout(r, 60));
          if (i >= text.length) return controller.close();
          controller.enqueue(new TextEncoder().encode(text.slice(i, (i += 40))));
        },
      });
      return new Response(body, { headers: { 'content-type': 'application/json' } });
    });
    // Total time is well over the timeout on the test's clock; no gap is.
    const clock = fakeClock();
    try {
      const pending = client(fetch, { timeout: 100 }).chat.completions.create(ask);
      const result = await clock.until(pending, 60);
      expect(result.choices[0]?.message.content).toBe('steady');
    } finally {
      clock.restore();
    }
  });

  test('a signal aborts before sending, while waiting, and during backoff', async () => {
    const before = new AbortController();
    before.abort();
    const a = scriptedFetch(({ init }) => untilAborted(init.signal));
    await expect(
      client(a.fetch).chat.completions.create(ask, { signal: before.signal }),
    ).rejects.toThrow(APIUserAbortError);

    const during = new AbortController();
    const b = scriptedFetch(({ init }) => {
      queueMicrotask(() => during.abort()); // while it waits for the answer
      return untilAborted(init.signal);
    });
    const pending = client(b.fetch).chat.completions.create(ask, { signal: during.signal });
    const error = await pending.catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error.message).toBe('POST http://api.test/v1/chat/completions was aborted.');
    expect(b.calls).toHaveLength(1); // an abort is never retried

    const backoff = new AbortController();
    const c = scriptedFetch(() => json(apiErrorBody('busy'), 503, { 'retry-after': '30' }));
    // Aborted once the 30 s wait has begun (the retry is announced just before it): were the
    // abort not heard, the test would time out.
    const waiting = client(c.fetch, {
      observe: () => ({ retry: () => queueMicrotask(() => backoff.abort()) }),
    }).chat.completions.create(ask, { signal: backoff.signal });
    await expect(waiting).rejects.toThrow(APIUserAbortError);
    expect(c.calls).toHaveLength(1);
  });
});

describe('invalid responses', () => {
  test('an HTML page with status 200', async () => {
    const { fetch, calls } = scriptedFetch(
      () => new Response('<html>oops</html>', { headers: { 'content-type': 'text/html' } }),
    );
    const error = await client(fetch)
      .chat.completions.create(ask)
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain(
      'answered 200 with text/html that is not valid JSON: "<html>oops</html>"',
    );
    expect(calls).toHaveLength(1);
  });

  test('broken JSON, and JSON that is not a completion', async () => {
    const broken = scriptedFetch(
      () => new Response('{"id": "x", "choi', { headers: { 'content-type': 'application/json' } }),
    );
    await expect(client(broken.fetch).chat.completions.create(ask)).rejects.toThrow(
      InvalidResponseError,
    );
    const wrong = scriptedFetch(() => json({ hello: 'world' }));
    await expect(client(wrong.fetch).chat.completions.create(ask)).rejects.toThrow(
      'not a chat completion',
    );
  });
});

test('an already-aborted signal sends nothing', async () => {
  const controller = new AbortController();
  controller.abort();
  const { fetch, calls } = scriptedFetch(() => json(completion()));
  await expect(
    client(fetch).chat.completions.create(ask, { signal: controller.signal }),
  ).rejects.toThrow(APIUserAbortError);
  expect(calls).toHaveLength(0);
});

test('an HTML error page becomes one line: its title', async () => {
  const page =
    '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><h1>502</h1></body>\r\n</html>';
  const { fetch } = scriptedFetch(
    () => new Response(page, { status: 502, headers: { 'content-type': 'text/html' } }),
  );
  const error = await client(fetch, { maxRetries: 0 })
    .chat.completions.create(ask)
    .catch((e) => e);
  expect(error.message).toBe(
    'POST http://api.test/v1/chat/completions failed with 502: 502 Bad Gateway',
  );
});
