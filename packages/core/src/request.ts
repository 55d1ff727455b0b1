import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  Comput3Error,
  InvalidResponseError,
  errorClassFor,
  type APIError,
} from './errors.js';
import {
  describeCause,
  diagnose,
  hideUrlPasswords,
  isPermanent,
  markPermanent,
} from './connection-errors.js';
import { headersForLog, type Log } from './log.js';
import { retryDelayMs, shouldRetry } from './retry.js';
import type { FetchOptions } from './options.js';
import type { Transport } from './transport.js';

/** Per-call options: each overrides the client's setting for this call only. */
export interface RequestOptions {
  /** Aborts the request at any point, streaming included. */
  signal?: AbortSignal;
  /** Milliseconds to wait for the answer's headers, and for each stream chunk after them. */
  timeout?: number;
  maxRetries?: number;
  headers?: Record<string, string>;
  /** Extra `fetch` options for this call, over the client's `fetchOptions`. */
  fetchOptions?: FetchOptions;
}

type CallResult = { data?: ReadableStream<Uint8Array> | null; error?: unknown; response: Response };
export type Call = (init: {
  signal: AbortSignal;
  headers: Record<string, string> | undefined;
  fetchOptions: FetchOptions | undefined;
}) => Promise<CallResult>;

/**
 * One attempt's connection: its abort controller, and an idle timer that aborts it when neither
 * headers nor body bytes arrive for `timeout` ms. Re-arming a timer per chunk would cost more
 * than the chunk, so `touch()` only notes the time and the timer re-checks when it fires.
 * Internal.
 */
export class Exchange {
  readonly controller = new AbortController();
  response!: Response;
  body: ReadableStream<Uint8Array> | null = null;
  #cause: 'timeout' | 'user' | undefined;
  #last = Date.now();
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #signal: AbortSignal | undefined;
  #onUserAbort: (() => void) | undefined;

  constructor(
    readonly timeout: number,
    signal: AbortSignal | undefined,
    readonly what: string,
    readonly log: Log,
  ) {
    this.#signal = signal;
    this.#arm(timeout);
    if (signal?.aborted) this.abort('user');
    else if (signal) {
      this.#onUserAbort = () => this.abort('user');
      signal.addEventListener('abort', this.#onUserAbort, { once: true });
    }
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(() => {
      const idle = Date.now() - this.#last;
      if (idle >= this.timeout) this.abort('timeout');
      else this.#arm(this.timeout - idle);
    }, ms);
  }

  /** Notes progress, pushing the idle deadline back. */
  touch(): void {
    this.#last = Date.now();
  }

  /** Closes the connection and records why (the caller's abort, or the idle timeout). */
  abort(cause: 'timeout' | 'user'): void {
    if (this.#cause) return;
    this.#cause = cause;
    this.disconnect();
  }

  /** Closes the connection (the server sees it go) and stops watching it; blames nobody. */
  disconnect(): void {
    this.stopWatching();
    this.controller.abort();
  }

  /**
   * Stops the idle timer and lets go of the caller's signal. The connection stays as it is: call
   * this once the body has been read to its end.
   */
  stopWatching(): void {
    clearTimeout(this.#timer);
    if (this.#onUserAbort) this.#signal?.removeEventListener('abort', this.#onUserAbort);
  }

  /** The error that says why this exchange failed, whatever was thrown. Changes nothing. */
  errorFor(thrown: unknown): Comput3Error {
    if (this.#cause === 'user' || this.#signal?.aborted) {
      return new APIUserAbortError(`${this.what} was aborted.`, { cause: thrown });
    }
    if (this.#cause === 'timeout') {
      const phase = this.response ? 'no stream data arrived' : 'no response arrived';
      return new APITimeoutError(
        `${this.what} timed out: ${phase} within ${this.timeout} ms. Raise the timeout option if the model needs longer.`,
        { cause: thrown },
      );
    }
    if (thrown instanceof Comput3Error) return thrown;
    const host = hostOf(this.what);
    const known = diagnose(thrown, host);
    const reason =
      known?.text ??
      (thrown instanceof Error
        ? `connection error (${describeCause(thrown)})`
        : `connection error (${String(thrown)})`);
    const error = new APIConnectionError(
      `${this.what} failed: ${hideUrlPasswords(this.log.scrub(reason))}.`,
      { cause: thrown },
    );
    if (known?.permanent) markPermanent(error);
    return error;
  }
}

/** "POST https://host/v1/…" → "host". */
const hostOf = (what: string) => /\/\/([^/\s]+)/.exec(what)?.[1] ?? 'the server';

export const sleep = (ms: number, signal: AbortSignal | undefined, what: string) =>
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

/** Text squeezed onto one line and cut: an HTML page's title, or its text without tags. */
function oneLine(text: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
  const plain = (title ?? text.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
}

/**
 * The server's own words from an error body, whatever its shape: OpenAI's `{error: {message}}`,
 * `{error: "…"}`, `{message: "…"}` (vLLM, many gateways), FastAPI's `{detail: "…"}`, or plain
 * text. Undefined when there are none.
 */
function serverWords(body: unknown): string | undefined {
  if (typeof body === 'string') return oneLine(body) || undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const { error, message, detail } = body as {
    error?: unknown;
    message?: unknown;
    detail?: unknown;
  };
  const nested = (error as { message?: unknown } | null | undefined)?.message;
  for (const words of [nested, error, message, detail]) {
    if (typeof words === 'string' && words.trim()) return oneLine(words);
  }
  return undefined;
}

/** Builds the typed error for a non-2xx answer; the server's message, scrubbed of the key. */
export function apiError(t: Transport, what: string, response: Response, body: unknown): APIError {
  const detail = serverWords(body) ?? (response.statusText || 'no details');
  const requestId = response.headers.get('x-request-id');
  const message = t.log.scrub(
    `${what} failed with ${response.status}: ${detail}${requestId ? ` (request id ${requestId})` : ''}`,
  );
  const error = (body as { error?: { message?: unknown } } | undefined)?.error;
  if (typeof error?.message === 'string') error.message = t.log.scrub(error.message);
  const Class = errorClassFor(response.status);
  return new Class(response.status, body, response.headers, message);
}

/** A failed attempt, as the retry rule sees it. */
export interface Failure {
  error: Comput3Error;
  retryable: boolean;
  /** The failed answer's headers, for `Retry-After`; none after a connection error. */
  headers?: Headers;
}

/** The retries one request has used. A stream's reconnections draw on the same count. */
export interface RetryBudget {
  used: number;
  readonly max: number;
}

export const retryBudget = (t: Transport, options: RequestOptions): RetryBudget => ({
  used: 0,
  max: options.maxRetries ?? t.maxRetries,
});

/**
 * Sends a request, retrying by the rule in retry.ts, and hands the open exchange to `consume`
 * (which reads the body). Errors thrown while consuming are retried too when they are
 * connection errors: nothing has reached the caller yet. This is the only retry loop: a stream
 * that breaks before its first chunk comes back here with its `budget` and the `failure`.
 * Internal.
 */
export async function send<T>(
  t: Transport,
  what: string,
  call: Call,
  options: RequestOptions,
  consume: (ex: Exchange) => Promise<T>,
  budget: RetryBudget = retryBudget(t, options),
  failure?: Failure,
): Promise<T> {
  const timeout = options.timeout ?? t.timeout;
  const { log } = t;
  for (;;) {
    if (failure) {
      if (!failure.retryable || budget.used >= budget.max) throw failure.error;
      const delay = Math.round(retryDelayMs(budget.used, failure.headers));
      budget.used++;
      log.write('info', `${what}: retrying in ${delay} ms (retry ${budget.used} of ${budget.max})`);
      await sleep(delay, options.signal, what);
    }
    const ex = new Exchange(timeout, options.signal, what, log);
    if (options.signal?.aborted) throw ex.errorFor(options.signal.reason);
    const started = Date.now();
    try {
      const { response, data, error } = await call({
        signal: ex.controller.signal,
        headers: options.headers,
        fetchOptions: options.fetchOptions,
      });
      ex.touch();
      if (log.enabled('info')) {
        log.write('info', `${what} → ${response.status} in ${Date.now() - started} ms`);
      }
      if (log.enabled('debug'))
        log.write('debug', `response headers: ${headersForLog(response.headers)}`);
      if (response.ok) {
        ex.response = response;
        ex.body = data ?? null;
        return await consume(ex);
      }
      ex.stopWatching();
      failure = {
        error: apiError(t, what, response, error),
        retryable: shouldRetry(response.status, response.headers),
        headers: response.headers,
      };
    } catch (thrown) {
      ex.disconnect();
      const error = ex.errorFor(thrown);
      failure = { error, retryable: error instanceof APIConnectionError && !isPermanent(error) };
      if (failure.retryable) log.write('info', error.message);
    }
  }
}

// Decoding a whole body at once keeps no state between calls, so one decoder serves all.
const utf8 = new TextDecoder();

/**
 * Reads a whole JSON body under the idle timeout. Anything but JSON, or JSON in which `problem`
 * (a cheap check of what the spec promises) finds something wrong, is an InvalidResponseError
 * naming `shape` and the problem.
 */
export async function readJson<T>(
  ex: Exchange,
  t: Transport,
  problem: (value: T) => string | undefined,
  shape: string,
): Promise<T> {
  let text = '';
  try {
    const reader = ex.body?.getReader();
    if (reader) {
      // Most answers arrive in one read: decoded once, at the end, without a copy; a longer
      // one is joined by the platform's Blob.
      const parts: Uint8Array<ArrayBuffer>[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        ex.touch();
        parts.push(value as Uint8Array<ArrayBuffer>); // a fetch body's bytes: never shared memory
      }
      text = parts[1] ? await new Blob(parts).text() : utf8.decode(parts[0]);
    }
  } catch (thrown) {
    ex.disconnect();
    throw ex.errorFor(thrown);
  }
  ex.stopWatching();
  const type = ex.response.headers.get('content-type') ?? '';
  let value: T;
  try {
    if (!type.includes('json')) throw new Error(type || 'no content type');
    value = JSON.parse(text) as T;
  } catch {
    const shown = text.length > 120 ? `${text.slice(0, 120)}…` : text;
    throw new InvalidResponseError(
      t.log.scrub(
        `${ex.what} answered ${ex.response.status} with ${type || 'no content type'} that is not valid JSON: ${JSON.stringify(shown)}`,
      ),
      ex.response.status,
    );
  }
  const wrong = problem(value);
  if (wrong !== undefined) {
    throw new InvalidResponseError(
      t.log.scrub(`${ex.what} answered JSON that is not ${shape}: ${wrong}.`),
      ex.response.status,
    );
  }
  return value;
}
