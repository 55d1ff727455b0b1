import { hintsOf } from './headers.js';
import { MemoryStore, type LimiterStore } from './store.js';

/** The settings of a {@link Limiter}: ceilings that what it learns never passes. */
export interface LimiterOptions {
  /** Most calls in flight at once (a streamed call counts until its stream ends). Learnt when not set. */
  concurrency?: number;
  /** Most requests started per minute, evenly spaced. Learnt when not set. */
  requestsPerMinute?: number;
  /**
   * Most tokens per minute, estimated per request before it is sent: its text (about four
   * characters a token) and its `max_tokens`.
   */
  tokensPerMinute?: number;
  /** Where the shared state lives. Default: this process's memory. */
  store?: LimiterStore;
  /** Names the limit in the store: one per API key. Default `comput3`. */
  key?: string;
}

/** Where a limiter stands: what is waiting, what is under way, and what it has learnt. */
export interface LimiterStats {
  /** Calls waiting for their turn. */
  queued: number;
  /** Calls started and not yet ended. */
  inFlight: number;
  /** How many may be in flight now (the setting, or what it has learnt). */
  concurrency: number;
  /** The pace it keeps now, in requests per second (Infinity: no spacing). */
  requestsPerSecond: number;
  /** Answers with a 429 it has seen. */
  rateLimited: number;
  /** Calls that had to wait, and for how long. */
  waited: {
    /** How many calls waited at least a millisecond. */
    calls: number;
    /** Their waits added up, in milliseconds. */
    totalMs: number;
    /** The longest wait, in milliseconds. */
    maxMs: number;
  };
}

/** What the limiter reads of an attempt: its body (for the token estimate) and its signal. */
export interface LimitedAttempt {
  /** The request's JSON, if any: its length and `max_tokens` estimate its tokens. */
  body?: string;
  /** Aborts the attempt: the caller's abort or its timeout. A waiting attempt leaves the queue. */
  signal: AbortSignal;
}

/** How many calls may be in flight before the limiter knows anything of the server. */
const INITIAL_WINDOW = 4;

interface Waiter {
  queuedAt: number;
  tokens: number;
  signal: AbortSignal;
  start: (release: () => void) => void;
  fail: (reason: unknown) => void;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const done = () => {
      signal.removeEventListener('abort', stop);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', stop, { once: true });
  });

/** About four characters a token, plus what it may answer: an estimate, not a count. */
function tokensOf(body: string | undefined): number {
  if (!body) return 1;
  const max = /"max_tokens":(\d{1,9})/.exec(body.slice(-200) + body.slice(0, 200));
  return Math.ceil(body.length / 4) + (max ? Number(max[1]) : 0);
}

/**
 * One rate limit shared by every call on a key, so that many concurrent calls queue instead of
 * all meeting a 429 and each retrying on its own. Pass it to every client that uses the key:
 * `new Comput3({ limiter })`.
 *
 * With no settings it learns the limit from the server: a 429 pauses every call until its
 * `Retry-After` and halves how many may be in flight; `x-ratelimit-*` headers, when a server
 * sends them, set the pace before any 429 (slow down at once, speed up a little per answer).
 * Settings give a ceiling that learning never exceeds.
 *
 * Calls wait in one queue, first come first served; a call aborted or timed out while waiting
 * leaves the queue (the time it waits counts towards its `timeout`). Every attempt waits its
 * turn, retries included. The shared part of the state (the next start, a pause) sits in a
 * {@link LimiterStore}, so clients in other processes can share it too.
 */
export class Limiter {
  readonly #options: LimiterOptions;
  readonly #store: LimiterStore;
  readonly #key: string;
  readonly #queue: Waiter[] = [];
  #inFlight = 0;
  #window: number;
  /** Learnt milliseconds between starts; the setting's, when there is one, is the floor. */
  #spacing = 0;
  #pumping = false;
  /** Until the first 429, the window grows by one per answer (doubling each round trip). */
  #slowStart = true;
  /** When it last slowed down for a 429. */
  #backedOffAt = 0;
  /** When the last starts were (the last 256), to know the pace that met a 429. */
  readonly #starts: number[] = [];
  readonly #stats = { rateLimited: 0, calls: 0, totalMs: 0, maxMs: 0 };

  constructor(options: LimiterOptions = {}) {
    for (const name of ['concurrency', 'requestsPerMinute', 'tokensPerMinute'] as const) {
      const value = options[name];
      if (value !== undefined && !(value > 0)) {
        throw new RangeError(`Limiter: ${name} must be a number above 0, got ${String(value)}.`);
      }
    }
    this.#options = options;
    this.#store = options.store ?? new MemoryStore();
    this.#key = options.key ?? 'comput3';
    // Unknown, it starts small and doubles each round trip until the server pushes back (TCP's
    // slow start): 500 calls at once must not all reach a server that takes 50.
    this.#window = options.concurrency ?? INITIAL_WINDOW;
  }

  /** Where it stands now: a copy, taken when read. */
  get stats(): LimiterStats {
    const spacing = this.#spacingMs();
    const { rateLimited, calls, totalMs, maxMs } = this.#stats;
    return {
      queued: this.#queue.length,
      inFlight: this.#inFlight,
      concurrency: Math.floor(this.#window),
      requestsPerSecond: spacing ? 1000 / spacing : Infinity,
      rateLimited,
      waited: { calls, totalMs: Math.round(totalMs), maxMs: Math.round(maxMs) },
    };
  }

  /**
   * Wraps how a client sends one attempt: it waits its turn first, and the answer teaches the
   * limiter. The client calls this once, when it is made with `{ limiter }`.
   */
  wrap<A extends LimitedAttempt>(send: (attempt: A) => Promise<Response>) {
    return async (attempt: A): Promise<Response> => {
      const release = await this.#acquire(attempt);
      const started = Date.now();
      let response: Response;
      try {
        response = await send(attempt);
      } catch (error) {
        release();
        throw error;
      }
      this.#learn(response, started);
      return releasedAtEnd(response, release, attempt.signal);
    };
  }

  #spacingMs(): number {
    const rpm = this.#options.requestsPerMinute;
    return Math.max(this.#spacing, rpm ? 60_000 / rpm : 0);
  }

  #acquire(attempt: LimitedAttempt): Promise<() => void> {
    return new Promise((start, fail) => {
      const waiter: Waiter = {
        queuedAt: performance.now(),
        tokens: tokensOf(attempt.body),
        signal: attempt.signal,
        start,
        fail,
      };
      // Aborted while waiting: out of the queue at once, with the signal's reason.
      const leave = () => {
        const at = this.#queue.indexOf(waiter);
        if (at !== -1) this.#queue.splice(at, 1);
        fail(attempt.signal.reason);
      };
      if (attempt.signal.aborted) return leave();
      attempt.signal.addEventListener('abort', leave, { once: true });
      waiter.start = (release) => {
        attempt.signal.removeEventListener('abort', leave);
        start(release);
      };
      this.#queue.push(waiter);
      void this.#pump();
    });
  }

  /** Starts the calls at the head of the queue, one at a time, as the limit allows. */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length && this.#inFlight < this.#window) {
        const head = this.#queue[0]!;
        const at = await this.#store.reserve(this.#key, this.#spacingMs());
        const tpm = this.#options.tokensPerMinute;
        const tokensAt = tpm
          ? await this.#store.reserve(`${this.#key}:tokens`, (head.tokens * 60_000) / tpm)
          : 0;
        const wait = Math.max(at, tokensAt) - Date.now();
        if (wait > 0) {
          try {
            await sleep(wait, head.signal);
          } catch {
            continue; // it left the queue; the next one takes its turn
          }
        }
        if (this.#queue[0] !== head) continue;
        this.#queue.shift();
        this.#inFlight++;
        this.#starts.push(Date.now());
        if (this.#starts.length > 256) this.#starts.shift();
        const waited = performance.now() - head.queuedAt;
        if (waited >= 1) {
          this.#stats.calls++;
          this.#stats.totalMs += waited;
          this.#stats.maxMs = Math.max(this.#stats.maxMs, waited);
        }
        let released = false;
        head.start(() => {
          if (released) return;
          released = true;
          this.#inFlight--;
          void this.#pump();
        });
      }
    } catch (error) {
      // The store failed: the waiting calls fail with its error (never sent, never retried).
      for (const waiter of this.#queue.splice(0)) waiter.fail(error);
    } finally {
      this.#pumping = false;
    }
  }

  /** Slows down at once on a 429 or an empty limit; speeds up a little on each other answer. */
  #learn(response: Response, started: number): void {
    const hints = hintsOf(response.headers);
    const { limit, remaining, resetMs } = hints;
    let target: number | undefined;
    if (limit && remaining !== undefined && resetMs !== undefined && limit > remaining) {
      // The server's own count: `limit - remaining` requests come back over `resetMs`.
      target = remaining > limit / 2 ? 0 : resetMs / (limit - remaining);
      // Half the limit used: the window stops doubling before it meets the other half.
      if (target) this.#slowStart = false;
    }
    if (response.status === 429) {
      this.#stats.rateLimited++;
      const pause = hints.retryAfterMs ?? Math.max(this.#spacing * 2, 1000);
      void this.#store.pause(this.#key, Date.now() + pause).catch(() => {});
      // Once per push-back: the other 429s of calls sent before it are the same event.
      if (started < this.#backedOffAt) return;
      this.#backedOffAt = Date.now();
      this.#slowStart = false;
      if (this.#options.concurrency === undefined)
        this.#window = Math.max(1, Math.floor(Math.min(this.#window, this.#inFlight) / 2));
      // Half the pace that met it: the starts of the last second, or twice the spacing.
      const now = Date.now();
      const lastSecond = this.#starts.filter((t) => now - t < 1000).length;
      this.#spacing = Math.max(target ?? 0, this.#spacing * 2, 2000 / Math.max(1, lastSecond));
      return;
    }
    if (remaining === 0 && resetMs !== undefined && limit) {
      // The last one: the next would be a 429. Wait for one to come back instead.
      void this.#store.pause(this.#key, Date.now() + resetMs / limit).catch(() => {});
    }
    if (target !== undefined && target > this.#spacing) this.#spacing = target;
    else
      this.#spacing =
        target === undefined ? this.#spacing * 0.97 : (this.#spacing * 9 + target) / 10;
    if (this.#spacing < 0.5) this.#spacing = 0;
    if (this.#options.concurrency === undefined)
      this.#window += this.#slowStart ? 1 : 1 / this.#window;
  }
}

/**
 * The answer with its body handed on as it is read, so that the call stays in flight until its
 * body (a stream, perhaps) has ended, been cancelled, or its request aborted.
 */
function releasedAtEnd(response: Response, release: () => void, signal: AbortSignal): Response {
  const body = response.body;
  // No body, or a status a Response cannot be made with (a custom fetch's): released now.
  if (!body || response.status < 200 || response.status > 599) {
    release();
    return response;
  }
  signal.addEventListener('abort', release, { once: true });
  const reader = body.getReader();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    cancel(reason) {
      release();
      return reader.cancel(reason);
    },
  });
  return new Response(stream, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
