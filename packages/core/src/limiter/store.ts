/**
 * Where a limiter keeps what every client on a key must agree on: when the next request may
 * start, and how long all of them must wait after a 429. In memory for the clients of one
 * process; a store over Redis (or any shared database) lets processes and machines share one
 * key's limit. Times are `Date.now()` milliseconds, so clients on one store need clocks that
 * agree to within the spacing.
 */
export interface LimiterStore {
  /**
   * Reserves the next start on `key`: at least `spacingMs` after the start reserved before it,
   * and not before a pause. Resolves to the time it may start (now, or later).
   */
  reserve(key: string, spacingMs: number): Promise<number>;
  /** No start on `key` before `until` (a 429's `Retry-After`), for every client of the store. */
  pause(key: string, until: number): Promise<void>;
}

/** The store of one process: a Map of keys, each its last start and its pause. */
export class MemoryStore implements LimiterStore {
  readonly #keys = new Map<string, { last: number; pausedUntil: number }>();

  reserve(key: string, spacingMs: number): Promise<number> {
    const state = this.#state(key);
    const at = Math.max(Date.now(), state.last + spacingMs, state.pausedUntil);
    state.last = at;
    return Promise.resolve(at);
  }

  pause(key: string, until: number): Promise<void> {
    const state = this.#state(key);
    state.pausedUntil = Math.max(state.pausedUntil, until);
    return Promise.resolve();
  }

  #state(key: string) {
    let state = this.#keys.get(key);
    if (!state) this.#keys.set(key, (state = { last: 0, pausedUntil: 0 }));
    return state;
  }
}
