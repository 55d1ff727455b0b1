import { APIConnectionError, APIUserAbortError, Comput3Error } from './errors.js';
import { isPermanent, isReset } from './internal/connection-errors.js';
import { apiError, readErrorBody } from './internal/error-body.js';
import { Exchange } from './internal/exchange.js';
import { headersForLog } from './internal/secrets.js';
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
  /** Retries for this request, instead of the client's `maxRetries`. */
  maxRetries?: number;
  /** Headers for this request only; one the client already sends (even `authorization`) is replaced. */
  headers?: Record<string, string>;
  /** Extra `fetch` options for this call, over the client's `fetchOptions`. */
  fetchOptions?: FetchOptions;
}

/** What one request sends, each attempt alike. Internal. */
export type Call = Pick<Attempt, 'method' | 'path' | 'body'> & {
  headers?: Record<string, string>;
};

const sleep = (ms: number, signal: AbortSignal | undefined, what: string) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError(`${what} was aborted.`));
    const done = () => {
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError(`${what} was aborted.`));
    };
    signal?.addEventListener('abort', stop, { once: true });
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

export const retryBudget = (t: Transport, options: RequestOptions): RetryBudget => ({
  used: 0,
  max: options.maxRetries ?? t.maxRetries,
});

/**
 * Sends a request, retrying by the rule in retry.ts, and hands the open exchange to `consume`
 * (which reads the body). Errors thrown while consuming are retried too when they are
 * connection errors: nothing has reached the caller yet. Anything else thrown (a malformed
 * answer, a local exception) ends the request at once: only the network is given a second
 * chance. This is the only retry loop: a stream that breaks before its first chunk comes back
 * here with its `budget` and the `failure`. Internal.
 */
export async function send<T>(
  t: Transport,
  call: Call,
  options: RequestOptions,
  consume: (ex: Exchange) => T | Promise<T>,
  budget: RetryBudget = retryBudget(t, options),
  failure?: Failure,
): Promise<T> {
  if (t.keyMissing) throw new Comput3Error(t.keyMissing);
  const timeout = options.timeout ?? t.timeout;
  const { log } = t;
  const what = `${call.method} ${t.baseURL}${call.path}`;
  const headers = call.headers ? { ...call.headers, ...options.headers } : options.headers;
  for (;;) {
    if (failure) {
      // A server closing an idle kept-alive socket just as it is reused resets the request
      // before any answer: tried again at once, once, whatever maxRetries says (as browsers do).
      const free = failure.retryable && failure.resetEarly && !budget.reset;
      if (free) budget.reset = true;
      else {
        if (!failure.retryable || budget.used >= budget.max) throw failure.error;
        const delay = Math.round(retryDelayMs(budget.used, failure.headers));
        budget.used++;
        budget.listener?.retry?.(budget.used, failure.error, delay);
        log.write(
          'info',
          `${what}: retrying in ${delay} ms (retry ${budget.used} of ${budget.max})`,
        );
        await sleep(delay, options.signal, what);
      }
    }
    const ex = new Exchange(timeout, options.signal, what, log);
    if (options.signal?.aborted) throw ex.errorFor(options.signal.reason);
    const started = Date.now();
    try {
      const response = await t.fetch({
        ...call,
        signal: ex.controller.signal,
        headers,
        fetchOptions: options.fetchOptions,
      });
      ex.touch();
      ex.response = response;
      if (log.enabled('info')) {
        log.write('info', `${what} → ${response.status} in ${Date.now() - started} ms`);
      }
      if (log.enabled('debug'))
        log.write('debug', `response headers: ${headersForLog(response.headers)}`);
      if (response.ok) {
        ex.body = response.body;
        return await consume(ex);
      }
      const body = await readErrorBody(ex);
      ex.stopWatching();
      failure = {
        error: apiError(log.scrub, what, response, body),
        retryable: shouldRetry(response.status, response.headers),
        headers: response.headers,
      };
    } catch (thrown) {
      ex.disconnect();
      const error = ex.errorFor(thrown);
      if (!(error instanceof Comput3Error)) throw error;
      failure = {
        error,
        retryable: error instanceof APIConnectionError && !isPermanent(error),
        resetEarly: !ex.response && isReset(error),
      };
      if (failure.retryable) log.write('info', error.message);
    }
  }
}
