import { APIConnectionError, Comput3Error } from './errors.js';
import { isReset } from './internal/connection-errors.js';
import { apiError, readErrorBody } from './internal/error-body.js';
import { Exchange } from './internal/exchange.js';
import { debugHeaders } from './internal/secrets.js';
import { retryDelayMs, shouldRetry } from './retry.js';
import type { FetchOptions } from './options.js';
import type { CallListener } from './metrics.js';
import type { Attempt, Transport } from './internal/transport.js';

/** Per-call options: each overrides the client's setting for this call only. */
export interface RequestOptions {
  /** Aborts the request at any point, streaming included. */
  signal?: AbortSignal;
  /** Milliseconds to wait for the answer's headers, and for each stream chunk after them. */
  timeout?: number;
  /**
   * Streams: milliseconds from an attempt's start to its first token (of the answer, its
   * reasoning or a tool call). Past it, the attempt ends and is retried. (An answer not
   * streamed has no first token: its `timeout` covers the wait for its headers.)
   */
  firstTokenTimeout?: number;
  /**
   * Milliseconds for the whole call: every attempt, every wait between them, and the body to its
   * end. Past it, the call ends with an `APITimeoutError` (`limit: 'deadline'`), not retried.
   */
  deadline?: number;
  /** Retries for this request, instead of the client's `maxRetries`. */
  maxRetries?: number;
  /** Headers for this request only; one the client already sends (even `authorization`) is replaced. */
  headers?: Record<string, string>;
  /** Extra `fetch` options for this call, over the client's `fetchOptions`. */
  fetchOptions?: FetchOptions;
  /**
   * Move `<think>…</think>` blocks out of the content into `reasoning_content` (in each chunk, the
   * folded message and `finalCompletion()`). Default: on for the models known to write their
   * reasoning inline (Hermes, DeepSeek-R1, QwQ), judged by the model that answers.
   */
  thinkTags?: boolean;
  /**
   * Models to move to, in order, when the one asked for fails before its first token: a 429, a
   * 5xx (an overloaded model), a connection failure or `firstTokenTimeout`. The next model is
   * tried at once instead of a retry of the same one; when the last fails, the retry rule
   * waits and the list starts again from `model`. After a token has arrived nothing moves: an
   * answer is never spliced from two models. `metrics.fallbacks` says which failed and why.
   */
  fallback?: string[];
  /**
   * With `fallback`: hedging. When no first token has come this many milliseconds after a
   * model was asked, the next model is asked too, and the first to send a token is kept; the
   * other request is cancelled (a cancelled request may still be billed: the server may have
   * done the work). A model that fails starts the next at once. Each model is asked once.
   */
  hedge?: number;
}

/** What one request sends, each attempt alike. Internal. */
export type Call = Pick<Attempt, 'method' | 'path' | 'body'> & {
  headers?: Record<string, string>;
  /**
   * With `fallback`: puts the next model's body in `body`; true when moved on at once, false
   * after the last model (back to the first, by the retry rule).
   */
  next?: (error: Comput3Error) => boolean;
  /** With `hedge`: sends the call's first attempt in place of `send` (hedge.ts). */
  open?: typeof send;
};

/** Waits `ms`; the signal's abort ends the wait with its reason. */
const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });

/** A failed attempt, as the retry rule sees it. */
export interface Failure {
  error: Comput3Error;
  retryable: boolean;
  /** The failed answer's headers, for `Retry-After`; none after a connection error. */
  headers?: Headers;
  /** The connection was reset before any answer arrived. */
  resetEarly?: boolean;
}

/** The retries one request has used. A stream's reconnections draw on the same count. */
export interface RetryBudget {
  used: number;
  readonly max: number;
  /** Whether the one free retry after an early reset has been spent. */
  reset?: boolean;
  /** Hears each retry (the call's observer). */
  listener?: CallListener | void;
}

/** Attempts after the first: counted retries, and the free one after an early reset. */
export const retriesOf = (budget: RetryBudget) => budget.used + (budget.reset ? 1 : 0);

export const retryBudget = (transport: Transport, options: RequestOptions): RetryBudget => ({
  used: 0,
  max: options.maxRetries ?? transport.maxRetries,
});

/** The caller's options for one request, and where its retries stand. Internal. */
export interface SendOptions extends RequestOptions {
  /** The request's retries, when shared with a stream's reconnections; a fresh one otherwise. */
  budget?: RetryBudget;
  /** Why the last attempt failed, when a stream comes back to reconnect. */
  failure?: Failure;
}

/**
 * Sends a request, retrying by the rule in retry.ts, and hands the open exchange to `consume`
 * (which reads the body). Errors thrown while consuming are retried too when they are
 * connection errors: nothing has reached the caller yet. Anything else thrown (a malformed
 * answer, a local exception) ends the request at once: only the network is given a second
 * chance. This is the only retry loop: a stream that breaks before its first chunk comes back
 * here with its `budget` and the `failure`. Internal.
 */
export async function send<T>(
  transport: Transport,
  call: Call,
  consume: (exchange: Exchange) => T | Promise<T>,
  options: SendOptions,
): Promise<T> {
  if (transport.keyMissing) throw new Comput3Error(transport.keyMissing);
  const { log, baseURL } = transport;
  const { signal, budget = retryBudget(transport, options) } = options;
  const what = `${call.method} ${baseURL}${call.path}`;
  const setup = {
    what,
    // baseURL was checked when the client was made: it parses, and it has a host.
    host: new URL(baseURL).host,
    timeout: options.timeout ?? transport.timeout,
    signal,
    log,
    // Streams only (asked with their Accept header): an answer read whole has no first token.
    firstTokenTimeout: call.headers && options.firstTokenTimeout,
    deadline: options.deadline,
  };
  const headers = call.headers ? { ...call.headers, ...options.headers } : options.headers;
  for (let { failure } = options; ;) {
    if (failure) {
      // A server closing an idle kept-alive socket just as it is reused resets the request
      // before any answer: tried again at once, once, whatever maxRetries says (as browsers do).
      const free = failure.retryable && failure.resetEarly && !budget.reset;
      // Another model, when there is one, is tried at once in place of a retry (see `fallback`).
      if (free) budget.reset = true;
      else if (!(failure.retryable && call.next?.(failure.error))) {
        if (!failure.retryable || budget.used >= budget.max) throw failure.error;
        const delay = Math.round(retryDelayMs(budget.used, failure.headers));
        budget.used++;
        budget.listener?.retry?.(budget.used, failure.error, delay);
        log.write(
          'info',
          `${what}: retrying in ${delay} ms (retry ${budget.used} of ${budget.max})`,
        );
        // Aborted while waiting: the caller's abort, or the call's deadline (Exchange says which).
        await sleep(delay, signal).catch((reason: unknown) => {
          throw new Exchange(setup).errorFor(reason);
        });
      }
    }
    const exchange = new Exchange(setup);
    if (signal?.aborted) throw exchange.errorFor(signal.reason);
    const started = Date.now();
    try {
      const response = await transport.fetch({
        ...call,
        signal: exchange.controller.signal,
        headers,
        fetchOptions: options.fetchOptions,
      });
      exchange.touch();
      exchange.response = response;
      log.write('info', `${what} → ${response.status} in ${Date.now() - started} ms`);
      debugHeaders?.(log, 'response', response.headers);
      if (response.ok) {
        exchange.body = response.body;
        return await consume(exchange);
      }
      const body = await readErrorBody(exchange);
      exchange.stopWatching();
      failure = {
        error: apiError(log.scrub, what, response, body),
        retryable: shouldRetry(response.status, response.headers),
        headers: response.headers,
      };
    } catch (thrown) {
      exchange.disconnect();
      const error = exchange.errorFor(thrown);
      if (!(error instanceof Comput3Error)) throw error;
      failure = {
        error,
        retryable: error instanceof APIConnectionError && !error.permanent,
        resetEarly: !exchange.response && isReset(error),
      };
      if (failure.retryable) log.write('info', error.message);
    }
  }
}
