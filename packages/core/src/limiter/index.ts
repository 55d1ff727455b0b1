/**
 * `@comput3/core/limiter`: one rate limit shared by every call on a key (also exported by the
 * main entry). Tree-shaken away by an app that does not use it.
 *
 * @module limiter
 */
export { Limiter, type LimiterOptions, type LimiterStats, type LimitedAttempt } from './limiter.js';
export { CATCH_UP_MS, MemoryStore, type LimiterStore } from './store.js';
