import type { ChatCompletionChunk } from '@comput3/api';
import { Comput3, type ClientOptions } from '../src/index.js';
import { vi } from 'vitest';

export type FetchCall = { url: string; init: RequestInit };

/** A `fetch` that answers from a list of handlers, one per call, and records the calls. */
export function scriptedFetch(...handlers: ((call: FetchCall) => Response | Promise<Response>)[]) {
  const calls: FetchCall[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    const call = { url, init };
    calls.push(call);
    const handler = handlers[Math.min(calls.length, handlers.length) - 1];
    if (!handler) throw new Error('scriptedFetch: no handler');
    return handler(call);
  };
  return { fetch, calls };
}

export function client(fetch: ClientOptions['fetch'], options: ClientOptions = {}) {
  return new Comput3({
    apiKey: 'sk-test-key-123456',
    baseURL: 'http://api.test/v1',
    fetch,
    ...options,
  });
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': 'req_123', ...headers },
  });

export const apiErrorBody = (message: string, code: string | null = null) => ({
  error: { message, type: 'invalid_request_error', param: null, code },
});

export const completion = (content = 'Hello!') => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'kimi-k2',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

export const chunk = (
  delta: Record<string, unknown>,
  finish: string | null = null,
): ChatCompletionChunk => ({
  id: 'chatcmpl-s',
  object: 'chat.completion.chunk',
  created: 7,
  model: 'kimi-k2',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

export const event = (data: unknown) =>
  `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

/** An SSE response whose body is produced by an async generator, one network chunk per yield. */
export function sse(
  body: (signal: AbortSignal | undefined) => AsyncGenerator<string>,
  init: RequestInit = {},
) {
  const encoder = new TextEncoder();
  return (call: FetchCall) => {
    const signal = call.init.signal ?? undefined;
    const source = body(signal);
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await source.next();
          if (done) controller.close();
          else controller.enqueue(encoder.encode(value));
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await source.return(undefined);
      },
    });
    return new Response(stream, {
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_s' },
      ...init,
    });
  };
}

/** A standard streamed answer: role, the given pieces, finish, [DONE]. */
export async function* answer(...pieces: string[]) {
  yield event(chunk({ role: 'assistant', content: '' }));
  for (const p of pieces) yield event(chunk({ content: p }));
  yield event(chunk({}, 'stop'));
  yield event('[DONE]');
}

/** Resolves when the signal aborts; rejects like fetch does. */
export const untilAborted = (signal: AbortSignal | null | undefined) =>
  new Promise<never>((_, reject) => {
    const fail = () => reject(new DOMException('The operation was aborted.', 'AbortError'));
    if (signal?.aborted) fail();
    signal?.addEventListener('abort', fail);
  });

export const ask = { model: 'kimi-k2', messages: [{ role: 'user' as const, content: 'Hi' }] };

/**
 * Fake timers for a test of timeouts: `setTimeout`, `clearTimeout` and `Date` are the test's,
 * and time passes only when the test moves it, so a busy machine can make no wait look long or
 * short. Call `restore()` in a `finally`.
 */
export function fakeClock() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  return {
    advance: (ms: number) => vi.advanceTimersByTimeAsync(ms),
    /** Moves the clock `step` ms at a time until `promise` settles (at most `max` steps). */
    async until<T>(promise: Promise<T>, step: number, max = 1000): Promise<T> {
      let settled = false;
      promise.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (let i = 0; !settled && i < max; i++) await vi.advanceTimersByTimeAsync(step);
      return promise;
    },
    restore: () => vi.useRealTimers(),
  };
}
