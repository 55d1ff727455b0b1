import { APIConnectionError, APITimeoutError, APIUserAbortError } from '../errors.js';
import { diagnose } from './connection-errors.js';
import { hideUrlPasswords } from './secrets.js';
import type { Log } from '../log.js';
import { NetworkFailure } from './transport.js';

/**
 * One attempt's connection: its abort controller, and an idle timer that aborts it when neither
 * headers nor body bytes arrive for `timeout` ms. Re-arming a timer per chunk would cost more
 * than the chunk, so `touch()` only notes the time and the timer re-checks when it fires.
 * Internal.
 */
export interface ExchangeSetup {
  /** The request as messages name it: "POST https://api.comput3.ai/v1/chat/completions". */
  what: string;
  /** The server's host, for the messages that name it (an unknown host, a refused certificate). */
  host?: string;
  /** Milliseconds without headers or body bytes before the exchange is given up. */
  timeout: number;
  /** The caller's signal: aborting it ends the exchange, blamed on the caller. */
  signal: AbortSignal | undefined;
  log: Log;
  /** Milliseconds from the start to the first token (`firstToken()`), when limited. */
  firstTokenTimeout?: number | undefined;
  /** The whole call's limit, when it has one: its signal then aborts with a `TimeoutError`. */
  deadline?: number | undefined;
}

export class Exchange {
  readonly controller = new AbortController();
  declare readonly what: string;
  declare readonly host: string | undefined;
  declare readonly timeout: number;
  declare readonly signal: AbortSignal | undefined;
  declare readonly log: Log;
  declare readonly firstTokenTimeout: number | undefined;
  declare readonly deadline: number | undefined;
  response!: Response;
  body: ReadableStream<Uint8Array> | null = null;
  #cause: 'timeout' | 'firstToken' | 'user' | undefined;
  #first: ReturnType<typeof setTimeout> | undefined;
  #last = Date.now();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #onUserAbort: (() => void) | undefined;

  constructor(setup: ExchangeSetup) {
    Object.assign(this, setup);
    const { signal, timeout, firstTokenTimeout } = this;
    this.#arm(timeout);
    if (firstTokenTimeout)
      this.#first = setTimeout(() => this.abort('firstToken'), firstTokenTimeout);
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
    // A watchdog, not work to wait for: a stream opened and never read must not keep Node,
    // Bun or a test runner alive until it fires (10 minutes by default). While a request is
    // under way its socket keeps the process alive; the timer need not.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** The first token arrived: the first-token limit is met. */
  firstToken(): void {
    clearTimeout(this.#first);
  }

  /** Notes progress, pushing the idle deadline back. */
  touch(): void {
    this.#last = Date.now();
  }

  /** True once the caller's signal (or `stream.abort()`) has ended this exchange. */
  get abortedByCaller(): boolean {
    return this.#cause === 'user' || this.signal?.aborted === true;
  }

  /** Closes the connection and records why (the caller's abort, or the idle timeout). */
  abort(cause: 'timeout' | 'firstToken' | 'user'): void {
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
    clearTimeout(this.#first);
    if (this.#onUserAbort) this.signal?.removeEventListener('abort', this.#onUserAbort);
  }

  /** Reads the next piece of the body; a failure to read is the network's. */
  async read(
    reader: ReadableStreamDefaultReader<Uint8Array>,
  ): Promise<ReadableStreamReadResult<Uint8Array>> {
    try {
      const result = await reader.read();
      this.touch();
      return result;
    } catch (thrown) {
      throw new NetworkFailure(thrown);
    }
  }

  /**
   * The error that says why this exchange failed. Only a `NetworkFailure` (what fetch or a body
   * read threw) becomes an `APIConnectionError`; a local exception is returned as it is, so it is
   * never mistaken for a network failure and retried. Changes nothing.
   */
  errorFor(thrown: unknown): unknown {
    const cause = thrown instanceof NetworkFailure ? thrown.cause : thrown;
    // The call's deadline ends it through its signal, with a TimeoutError for a reason.
    const deadline = (this.signal?.reason as Error | undefined)?.name === 'TimeoutError';
    if (this.abortedByCaller && !deadline) {
      return new APIUserAbortError(`${this.what} was aborted.`, { cause });
    }
    const limit = deadline ? 'deadline' : this.#cause;
    if (limit) {
      const first = limit === 'firstToken';
      const ms = deadline ? this.deadline! : first ? this.firstTokenTimeout! : this.timeout;
      const phase = deadline
        ? 'the call did not end'
        : first
          ? 'no first token arrived'
          : this.response
            ? 'no stream data arrived'
            : 'no response arrived';
      // A deadline is the whole call's: its time is spent, so it is not retried.
      return Object.assign(
        new APITimeoutError(
          `${this.what} timed out: ${phase} within ${ms} ms. Raise the ${first ? 'firstTokenTimeout' : limit} option if the model needs longer.`,
          { cause, permanent: deadline },
        ),
        { limit, afterMs: ms },
      );
    }
    if (!(thrown instanceof NetworkFailure)) return thrown;
    const known = diagnose(cause, this.host ?? 'the server');
    // A browser knows no more than fetch's message.
    const reason = known?.text ?? `connection error (${(cause as Error)?.message ?? cause})`;
    return new APIConnectionError(
      `${this.what} failed: ${hideUrlPasswords(this.log.scrub(reason))}.`,
      { cause, permanent: known?.permanent },
    );
  }
}
