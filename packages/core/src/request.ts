import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  Comput3Error,
  InvalidResponseError,
  errorClassFor,
  type APIError,
} from './errors.js';
import { headersForLog, type Log } from './log.js';
import { retryDelayMs, shouldRetry } from './retry.js';

/** Per-call options: each overrides the client's setting for this call only. */
export interface RequestOptions {
  /** Aborts the request at any point, streaming included. */
  signal?: AbortSignal;
  /** Milliseconds to wait for the answer's headers, and for each stream chunk after them. */
  timeout?: number;
  maxRetries?: number;
  headers?: Record<string, string>;
}

/** What the client lends each request. Internal. */
export interface Transport {
  timeout: number;
  maxRetries: number;
  log: Log;
  baseURL: string;
  /** The `fetch` openapi-fetch calls for one attempt: it adds the headers and the signal. */
  fetchWith: (
    signal: AbortSignal,
    headers: Record<string, string> | undefined,
  ) => (request: Request) => Promise<Response>;
}

type CallResult = { data?: ReadableStream<Uint8Array> | null; error?: unknown; response: Response };
export type Call = (init: {
  signal: AbortSignal;
  headers: Record<string, string> | undefined;
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
    if (signal?.aborted) this.abort('user');
    else if (signal) {
      this.#onUserAbort = () => this.abort('user');
      signal.addEventListener('abort', this.#onUserAbort, { once: true });
    }
    this.#arm(timeout);
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

  abort(cause: 'timeout' | 'user'): void {
    if (this.#cause) return;
    this.#cause = cause;
    this.close();
    this.controller.abort();
  }

  /** Lets the connection go (stops reading it; the server sees it close), with no blame. */
  drop(): void {
    this.close();
    this.controller.abort();
  }

  /** Stops the timer and lets go of the caller's signal; the connection itself is not touched. */
  close(): void {
    clearTimeout(this.#timer);
    if (this.#onUserAbort) this.#signal?.removeEventListener('abort', this.#onUserAbort);
  }

  /** The error that explains why this exchange failed, whatever was thrown. */
  explain(thrown: unknown): Comput3Error {
    this.close();
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
    const reason = thrown instanceof Error ? describeCause(thrown) : String(thrown);
    return new APIConnectionError(
      `${this.what} failed: connection error (${this.log.scrub(reason)}).`,
      {
        cause: thrown,
      },
    );
  }
}

/** undici hides the useful part ("ECONNREFUSED", "other side closed") in `cause`. */
function describeCause(error: Error): string {
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail && !error.message.includes(detail) ? `${error.message}: ${detail}` : error.message;
}

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

/** A non-JSON error body as one short line: an HTML page's title, or its text squeezed. */
function oneLine(text: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
  const plain = (title ?? text.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain || 'no details';
}

/** Builds the typed error for a non-2xx answer; the server's message, scrubbed of the key. */
export function apiError(t: Transport, what: string, response: Response, body: unknown): APIError {
  const error = (body as { error?: { message?: unknown } } | undefined)?.error;
  const detail =
    typeof error?.message === 'string'
      ? error.message
      : typeof body === 'string' && body
        ? oneLine(body)
        : response.statusText || 'no details';
  const requestId = response.headers.get('x-request-id');
  const message = t.log.scrub(
    `${what} failed with ${response.status}: ${detail}${requestId ? ` (request id ${requestId})` : ''}`,
  );
  if (typeof error?.message === 'string') error.message = t.log.scrub(error.message);
  const Class = errorClassFor(response.status);
  return new Class(response.status, body, response.headers, message);
}

/**
 * Sends a request, retrying by the rule in retry.ts, and hands the open exchange to `consume`
 * (which reads the body). Errors thrown while consuming are retried too when they are
 * connection errors: nothing has reached the caller yet. Internal.
 */
export async function send<T>(
  t: Transport,
  what: string,
  call: Call,
  options: RequestOptions,
  consume: (ex: Exchange) => Promise<T>,
): Promise<T> {
  const maxRetries = options.maxRetries ?? t.maxRetries;
  const timeout = options.timeout ?? t.timeout;
  const { log } = t;
  for (let attempt = 0; ; attempt++) {
    const ex = new Exchange(timeout, options.signal, what, log);
    if (options.signal?.aborted) throw ex.explain(options.signal.reason);
    const started = Date.now();
    let failure: Comput3Error;
    let retryable: boolean;
    let retryHeaders: Headers | undefined;
    try {
      const { response, data, error } = await call({
        signal: ex.controller.signal,
        headers: options.headers,
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
      ex.close();
      failure = apiError(t, what, response, error);
      retryable = shouldRetry(response.status, response.headers);
      retryHeaders = response.headers;
    } catch (thrown) {
      failure = ex.explain(thrown);
      retryable = failure instanceof APIConnectionError;
      if (retryable) log.write('info', failure.message);
    }
    if (!retryable || attempt >= maxRetries) throw failure;
    const delay = Math.round(retryDelayMs(attempt, retryHeaders));
    log.write('info', `${what}: retrying in ${delay} ms (retry ${attempt + 1} of ${maxRetries})`);
    await sleep(delay, options.signal, what);
  }
}

// Decoding a whole body at once keeps no state between calls, so one decoder serves all.
const utf8 = new TextDecoder();

/**
 * Reads a whole JSON body under the idle timeout. Anything but JSON, or JSON that fails `isShape`
 * (a cheap check of what the spec promises), is an InvalidResponseError naming `shape`.
 */
export async function readJson<T>(
  ex: Exchange,
  t: Transport,
  isShape: (value: T) => boolean,
  shape: string,
): Promise<T> {
  let text = '';
  try {
    const reader = ex.body?.getReader();
    if (reader) {
      // Most answers arrive in one read: decode once, at the end, without copying them.
      const parts: Uint8Array[] = [];
      let size = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        ex.touch();
        parts.push(value);
        size += value.byteLength;
      }
      let bytes = parts[0] ?? new Uint8Array(0);
      if (parts.length > 1) {
        bytes = new Uint8Array(size);
        let offset = 0;
        for (const part of parts) {
          bytes.set(part, offset);
          offset += part.byteLength;
        }
      }
      text = utf8.decode(bytes);
    }
  } catch (thrown) {
    throw ex.explain(thrown);
  }
  ex.close();
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
  if (!isShape(value)) {
    throw new InvalidResponseError(
      `${ex.what} answered JSON that is not ${shape}.`,
      ex.response.status,
    );
  }
  return value;
}
