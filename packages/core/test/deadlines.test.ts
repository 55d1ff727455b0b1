// The limits beside the idle timeout: a first-token limit per attempt (retried: nothing had
// arrived) and a deadline for the whole call (not retried). openai-node's #1825 is a 37-minute
// hang in production on a stream that went silent: these are what would have ended it.
import { afterEach, describe, expect, test } from 'vitest';
import { APITimeoutError } from '../src/index.js';
import {
  answer,
  ask,
  chunk,
  client,
  event,
  fakeClock,
  scriptedFetch,
  sse,
  untilAborted,
} from './helpers.js';

const streamed = { ...ask, stream: true as const };

/** A stream that sends its role chunk, then nothing until it is aborted. */
const silentAfterRole = sse(async function* (signal) {
  yield event(chunk({ role: 'assistant', content: '' }));
  await untilAborted(signal);
});

let restore: (() => void) | undefined;
afterEach(() => restore?.());

describe('deadlines that cover the whole call', () => {
  test('firstTokenTimeout: an attempt with no first token is ended and retried', async () => {
    const clock = fakeClock();
    restore = clock.restore;
    const { fetch, calls } = scriptedFetch(
      silentAfterRole,
      sse(() => answer('Hel', 'lo')),
    );
    const stream = await client(fetch, { maxRetries: 1 }).chat.completions.create(streamed, {
      firstTokenTimeout: 5_000,
    });
    const done = clock.until(stream.finalCompletion(), 500);
    expect((await done).choices[0]!.message.content).toBe('Hello');
    expect(calls).toHaveLength(2);
  });

  test('out of retries, it is an APITimeoutError that names the limit and its length', async () => {
    const clock = fakeClock();
    restore = clock.restore;
    const { fetch } = scriptedFetch(silentAfterRole);
    const stream = await client(fetch, { maxRetries: 0 }).chat.completions.create(streamed, {
      firstTokenTimeout: 5_000,
    });
    const error = await clock.until(stream.finalCompletion(), 500).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error).toMatchObject({ limit: 'firstToken', afterMs: 5000, permanent: false });
    expect((error as Error).message).toBe(
      'POST http://api.test/v1/chat/completions timed out: no first token arrived within 5000 ms. Raise the firstTokenTimeout option if the model needs longer.',
    );
  });

  test('the first token met, a stream may take its time: the limit is the first token only', async () => {
    const clock = fakeClock();
    restore = clock.restore;
    const { fetch } = scriptedFetch(
      sse(async function* () {
        yield event(chunk({ content: 'A' }));
        await new Promise((r) => setTimeout(r, 8_000)); // slower than the first-token limit
        yield event(chunk({ content: 'B' }, 'stop'));
        yield event('[DONE]');
      }),
    );
    const stream = await client(fetch).chat.completions.create(streamed, {
      firstTokenTimeout: 5_000,
    });
    const done = await clock.until(stream.finalCompletion(), 500);
    expect(done.choices[0]!.message.content).toBe('AB');
  });

  test('deadline: the whole call, retries included, ends at it and is not retried', async () => {
    // Real time, briefly: the deadline is an AbortSignal.timeout, which fake timers do not move.
    const { fetch, calls } = scriptedFetch(silentAfterRole);
    const stream = await client(fetch, { maxRetries: 5 }).chat.completions.create(streamed, {
      deadline: 200,
    });
    const error = await stream.finalCompletion().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error).toMatchObject({ limit: 'deadline', afterMs: 200, permanent: true });
    expect((error as Error).message).toContain('timed out: the call did not end within 200 ms');
    expect(calls).toHaveLength(1);
  });

  test('deadline while waiting to retry: the wait ends at the deadline, with its error', async () => {
    const busy = () =>
      new Response('{"error":{"message":"busy"}}', {
        status: 503,
        headers: { 'content-type': 'application/json', 'retry-after': '30' },
      });
    const { fetch, calls } = scriptedFetch(busy);
    const error = await client(fetch, { maxRetries: 3 })
      .chat.completions.create(ask, { deadline: 300 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'APITimeoutError', limit: 'deadline' });
    expect(calls).toHaveLength(1);
  });

  test('the caller’s own abort is still an abort, deadline or not', async () => {
    const { fetch } = scriptedFetch(silentAfterRole);
    const controller = new AbortController();
    const stream = await client(fetch).chat.completions.create(streamed, {
      deadline: 60_000,
      signal: controller.signal,
    });
    controller.abort();
    await expect(stream.finalCompletion()).rejects.toMatchObject({ name: 'APIUserAbortError' });
  });
});
