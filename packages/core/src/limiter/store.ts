/**
 * Where a limiter keeps what every client on a key must agree on: when the next request may
 * start, and how long all of them must wait after a 429. In memory for the clients of one
 * process; a store over Redis (or any shared database) lets processes and machines share one
 * key's limit. Times are `Date.now()` milliseconds, so clients on one store need clocks that
 * agree to within the spacing.
 */
export interface LimiterStore {
  /**
   * Reserves the next start on `key`: `spacingMs` after the start reserved before it, and not
   * before a pause. Resolves to the time it may start. When that slot has just passed (by at
   * most `CATCH_UP_MS`, 50 ms, or one spacing if less), it is kept, in the past: a start that
   * came late, because a timer fired late or the process was busy, is made up by the next, so
   * the pace over a minute is the limit's and not the limit less the lateness (GCRA's
   * tolerance). A slot further back is now: a key that was idle gives no burst.
   */
  reserve(key: string, spacingMs: number): Promise<number>;
  /** No start on `key` before `until` (a 429's `Retry-After`), for every client of the store. */
  pause(key: string, until: number): Promise<void>;
}

/** How late a start may be made up, at most, in ms: see `LimiterStore.reserve`. */
export const CATCH_UP_MS = 50;

/** The store of one process: a Map of keys, each its last start and its pause. */
export class MemoryStore implements LimiterStore {
  readonly #keys = new Map<string, { last: number; pausedUntil: number }>();

  reserve(key: string, spacingMs: number): Promise<number> {
    const state = this.#state(key);
    const now = Date.now();
    const slot = state.last + spacingMs;
    // Late by a little: made up. Idle for longer: now (an idle key gives no burst).
    const at = Math.max(
      slot >= now - Math.min(spacingMs, CATCH_UP_MS) ? slot : now,
      state.pausedUntil,
    );
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
