// Fallback to other models: on a failure before the first token the call moves on at once;
// after a token nothing moves (an answer is never spliced from two models, nor paid twice).
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  APIConnectionError,
  BadRequestError,
  Comput3,
  Comput3ValidationError,
  InternalServerError,
  type CallListener,
} from '../src/index.js';
import {
  answer,
  ask,
  chunk,
  client,
  completion,
  event,
  fakeClock,
  json,
  scriptedFetch,
  sse,
  untilAborted,
} from './helpers.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ overloaded: ['kimi-k2'], recordBodies: true });
});
afterAll(() => mock.close());

/** The models asked since then; a request held by a fault before its body was read has none. */
const asked = (since: number) =>
  mock.requests.slice(since).map((r) => (r.body as { model?: string } | undefined)?.model ?? '?');
const hi = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'Hi' }] });

describe('fallback, against the mock', () => {
  test('an overloaded model gives way to the next at once: no retry, no wait', async () => {
    const heard: string[] = [];
    const c = new Comput3({
      apiKey: 'k-fallback',
      baseURL: mock.url,
      observe: (): CallListener => ({
        fallback: (next, error) => heard.push(`${error.name} → ${next}`),
        retry: () => heard.push('retry'),
      }),
    });
    const since = mock.requests.length;
    const answer = await c.chat.completions.create(hi('kimi-k2'), {
      fallback: ['deepseek-v3.1', 'qwen3-max'],
    });
    expect(answer.model).toBe('deepseek-v3.1');
    expect(asked(since)).toEqual(['kimi-k2', 'deepseek-v3.1']);
    expect(answer.metrics.model).toBe('deepseek-v3.1');
    expect(answer.metrics.retries).toBe(0);
    expect(answer.metrics.fallbacks).toHaveLength(1);
    expect(answer.metrics.fallbacks![0]!.model).toBe('kimi-k2');
    expect(answer.metrics.fallbacks![0]!.error).toBeInstanceOf(InternalServerError);
    expect(heard).toEqual(['InternalServerError → deepseek-v3.1']);
  });

  test('streamed: the same, and the stream is the model that answered', async () => {
    const c = new Comput3({ apiKey: 'k-fallback', baseURL: mock.url });
    const since = mock.requests.length;
    const stream = await c.chat.completions.create(
      { ...hi('kimi-k2'), stream: true },
      { fallback: ['qwen3-max'] },
    );
    const done = await stream.finalCompletion();
    expect(done.model).toBe('qwen3-max');
    expect(done.metrics.fallbacks!.map((f) => f.model)).toEqual(['kimi-k2']);
    expect(asked(since)).toEqual(['kimi-k2', 'qwen3-max']);
  });

  test('the first model answering, nothing else is asked, and fallbacks is empty', async () => {
    const c = new Comput3({ apiKey: 'k-fallback', baseURL: mock.url });
    const since = mock.requests.length;
    const answer = await c.chat.completions.create(hi('qwen3-max'), { fallback: ['kimi-k2'] });
    expect(asked(since)).toEqual(['qwen3-max']);
    expect(answer.metrics.fallbacks).toEqual([]);
  });

  test('every model failing: the retry rule waits, and the list starts again', async () => {
    const c = new Comput3({ apiKey: 'k-fallback', baseURL: mock.url, maxRetries: 1 });
    const since = mock.requests.length;
    const error = await c.chat.completions
      .create(hi('kimi-k2'), {
        fallback: ['qwen3-max'],
        headers: { 'x-mock-overloaded': 'qwen3-max' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(asked(since)).toEqual(['kimi-k2', 'qwen3-max', 'kimi-k2', 'qwen3-max']);
  });
});

describe('fallback, from scripted answers', () => {
  const streamed = { ...ask, stream: true as const };

  test('a connection failure before the first token moves on; the body names the new model', async () => {
    const { fetch, calls } = scriptedFetch(
      () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })),
      sse(() => answer('Hel', 'lo')),
    );
    const stream = await client(fetch).chat.completions.create(streamed, {
      fallback: ['qwen3-max'],
    });
    expect((await stream.finalCompletion()).choices[0]!.message.content).toBe('Hello');
    expect(calls.map((c) => JSON.parse(String(c.init.body)).model)).toEqual([
      'kimi-k2',
      'qwen3-max',
    ]);
  });

  test('a stream silent past firstTokenTimeout moves to the next model', async () => {
    const clock = fakeClock();
    try {
      const { fetch, calls } = scriptedFetch(
        sse(async function* (signal) {
          yield event(chunk({ role: 'assistant', content: '' }));
          await untilAborted(signal);
        }),
        sse(() => answer('Hello')),
      );
      const stream = await client(fetch).chat.completions.create(streamed, {
        fallback: ['qwen3-max'],
        firstTokenTimeout: 5_000,
      });
      const done = await clock.until(stream.finalCompletion(), 500);
      expect(done.choices[0]!.message.content).toBe('Hello');
      expect(done.metrics.fallbacks!.map((f) => [f.model, f.error.name])).toEqual([
        ['kimi-k2', 'APITimeoutError'],
      ]);
      expect(calls.map((c) => JSON.parse(String(c.init.body)).model)).toEqual([
        'kimi-k2',
        'qwen3-max',
      ]);
    } finally {
      clock.restore();
    }
  });

  test('a stream broken after its first token is not moved: the answer is never spliced', async () => {
    const { fetch, calls } = scriptedFetch(
      sse(async function* () {
        yield event(chunk({ role: 'assistant', content: '' }));
        yield event(chunk({ content: 'Hal' }));
        throw new TypeError('terminated');
      }),
      sse(() => answer('Hello')),
    );
    const stream = await client(fetch).chat.completions.create(streamed, {
      fallback: ['qwen3-max'],
    });
    const error = await stream.finalCompletion().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(calls).toHaveLength(1);
  });

  test('an error that is the request’s own (400) is not moved: another model would refuse it too', async () => {
    const { fetch, calls } = scriptedFetch(
      () => json({ error: { message: 'bad', type: 'invalid_request_error' } }, 400),
      () => json({}),
    );
    const error = await client(fetch)
      .chat.completions.create(ask, { fallback: ['qwen3-max'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(calls).toHaveLength(1);
  });

  test('a bad fallback list is refused before anything is sent, naming the entry', async () => {
    const { fetch, calls } = scriptedFetch(() => json({}));
    const c = client(fetch);
    const refused = await c.chat.completions
      .create(ask, { fallback: ['qwen3-max', ''] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Comput3ValidationError);
    expect((refused as Error).message).toBe(
      'options.fallback[1] must be a non-empty string such as "hermes4:70b", got "".',
    );
    const notList = await c.chat.completions
      .create(ask, { fallback: 'qwen3-max' as unknown as string[] })
      .catch((e: unknown) => e);
    expect((notList as Error).message).toMatch(/^options\.fallback must be an array/);
    expect(calls).toHaveLength(0);
  });
});

describe('hedge: the models race for the first token', () => {
  const streamed = { ...ask, stream: true as const };
  const modelOf = (c: { init: RequestInit }) => JSON.parse(String(c.init.body)).model as string;
  /** A stream that sends its role chunk, then nothing until it is cancelled. */
  const silent = sse(async function* (signal) {
    yield event(chunk({ role: 'assistant', content: '' }));
    await untilAborted(signal);
  });

  test('no token within the hedge: the next model is asked too, the first token wins, the other is cancelled', async () => {
    const clock = fakeClock();
    try {
      let cancelled: AbortSignal | undefined;
      const { fetch, calls } = scriptedFetch(
        (call) => ((cancelled = call.init.signal ?? undefined), silent(call)),
        sse(() => answer('Hel', 'lo')),
      );
      const stream = await clock.until(
        client(fetch).chat.completions.create(streamed, { fallback: ['qwen3-max'], hedge: 1_000 }),
        100,
      );
      const done = await stream.finalCompletion();
      expect(done.choices[0]!.message.content).toBe('Hello');
      expect(calls.map(modelOf)).toEqual(['kimi-k2', 'qwen3-max']);
      expect(cancelled?.aborted).toBe(true);
      expect(done.metrics.fallbacks!.map((f) => [f.model, f.error.name])).toEqual([
        ['kimi-k2', 'APIUserAbortError'],
      ]);
      expect(done.metrics.fallbacks![0]!.error.message).toBe(
        'cancelled: qwen3-max sent its first token first (hedge after 1000 ms)',
      );
    } finally {
      clock.restore();
    }
  });

  test('a first token within the hedge: no other model is asked', async () => {
    const clock = fakeClock();
    try {
      const { fetch, calls } = scriptedFetch(sse(() => answer('Hi')));
      const stream = await clock.until(
        client(fetch).chat.completions.create(streamed, { fallback: ['qwen3-max'], hedge: 1_000 }),
        100,
      );
      await clock.advance(5_000);
      expect((await stream.finalCompletion()).choices[0]!.message.content).toBe('Hi');
      expect(calls.map(modelOf)).toEqual(['kimi-k2']);
    } finally {
      clock.restore();
    }
  });

  test('a model that fails starts the next at once; a request refused for itself (400) ends the race', async () => {
    const busy = () => json({ error: { message: 'overloaded', type: 'server_error' } }, 503);
    const moved = scriptedFetch(busy, () => json(completion('from the second')));
    const answer2 = await client(moved.fetch).chat.completions.create(ask, {
      fallback: ['qwen3-max'],
      hedge: 60_000,
    });
    expect(answer2.choices[0]!.message.content).toBe('from the second');
    expect(moved.calls.map(modelOf)).toEqual(['kimi-k2', 'qwen3-max']);
    expect(answer2.metrics.fallbacks!.map((f) => f.error.name)).toEqual(['InternalServerError']);

    const refused = scriptedFetch(
      () => json({ error: { message: 'bad', type: 'invalid_request_error' } }, 400),
      () => json(completion()),
    );
    const error = await client(refused.fetch)
      .chat.completions.create(ask, { fallback: ['qwen3-max'], hedge: 60_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(refused.calls).toHaveLength(1);
  });

  test('hedge without fallback, or not a whole number: one clear line, nothing sent', async () => {
    const { fetch, calls } = scriptedFetch(() => json(completion()));
    const c = client(fetch);
    await expect(c.chat.completions.create(ask, { hedge: 500 })).rejects.toThrow(
      'options.hedge races the models of options.fallback: give fallback too.',
    );
    await expect(
      c.chat.completions.create(ask, { fallback: ['qwen3-max'], hedge: 0.5 }),
    ).rejects.toThrow(
      'options.hedge must be a whole number of milliseconds of at least 1, got 0.5.',
    );
    expect(calls).toHaveLength(0);
  });

  test('against the mock: a model slow to answer loses to the next, streamed and not', async () => {
    const c = new Comput3({ apiKey: 'k-hedge', baseURL: mock.url });
    for (const stream of [false, true]) {
      // The first request's headers wait a minute: the race is decided by events, not by time.
      mock.injectFaults('delay-headers=60000');
      const since = mock.requests.length;
      const params = { ...hi('deepseek-v3.1'), stream } as const;
      const result = await c.chat.completions.create(params as typeof params & { stream: false }, {
        fallback: ['qwen3-max'],
        hedge: 50,
      });
      const done = stream
        ? await (
            result as unknown as { finalCompletion(): Promise<typeof result> }
          ).finalCompletion()
        : result;
      expect(done.model).toBe('qwen3-max');
      expect(done.metrics.fallbacks!.map((f) => f.model)).toEqual(['deepseek-v3.1']);
      // The slow one was held before its body was read, and closed by the client.
      expect(asked(since)).toEqual(['?', 'qwen3-max']);
      await vi.waitFor(() => expect(mock.requests[since]!.closedEarly).toBe(true));
    }
  });
});
