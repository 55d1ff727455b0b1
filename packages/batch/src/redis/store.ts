import type { LimiterStore } from '@comput3/core';
import { CATCH_UP_MS } from '@comput3/core/limiter';
import type { Redis } from 'ioredis';

// Both scripts read the time from Redis, not from the caller, so that machines whose clocks
// disagree still share one pace: each answer is a wait, which the caller adds to its own clock.
// Each key lives a minute past its last use.

/**
 * Reserves the next start: `spacing` ms after the last one, not before a pause; a slot passed
 * by at most ARGV[2] ms (or one spacing) is kept, in the past, and one further back is now
 * (core's LimiterStore.reserve: a late start is made up, an idle key gives no burst).
 */
const RESERVE = `
local t = redis.call('TIME')
local now = t[1] * 1000 + t[2] / 1000
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
local spacing = tonumber(ARGV[1])
local slot = last + spacing
if slot < now - math.min(spacing, tonumber(ARGV[2])) then slot = now end
local at = math.max(slot, paused)
redis.call('HSET', KEYS[1], 'last', tostring(at))
redis.call('PEXPIRE', KEYS[1], math.ceil(at - now) + 60000)
return tostring(at - now)
`;

/** No start before `ms` from now, for every client of the key (a 429's Retry-After). */
const PAUSE = `
local t = redis.call('TIME')
local now = t[1] * 1000 + t[2] / 1000
local until_ = now + tonumber(ARGV[1])
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
if until_ > paused then redis.call('HSET', KEYS[1], 'paused', tostring(until_)) end
redis.call('PEXPIRE', KEYS[1], math.ceil(math.max(until_, paused) - now) + 60000)
return 1
`;

/**
 * A limiter's shared state in Redis: every process, on every machine, whose `Limiter` has this
 * store keeps one pace on a key and pauses together on a 429. Each reservation is one atomic
 * script (no two clients get the same start), timed by Redis's clock.
 *
 * ```ts
 * const limiter = new Limiter({ requestsPerMinute: 600, store: new RedisLimiterStore(redis) });
 * const client = new Comput3({ limiter });
 * ```
 */
export class RedisLimiterStore implements LimiterStore {
  readonly #redis: Redis;
  readonly #prefix: string;

  /** `prefix` names the keys (default `comput3:limit:`): one per API key is enough. */
  constructor(redis: Redis, options: { prefix?: string } = {}) {
    this.#redis = redis;
    this.#prefix = options.prefix ?? 'comput3:limit:';
  }

  async reserve(key: string, spacingMs: number): Promise<number> {
    const wait = await this.#redis.eval(
      RESERVE,
      1,
      this.#prefix + key,
      String(spacingMs),
      String(CATCH_UP_MS),
    );
    // A wait below zero is a start made up: now, not earlier.
    return Date.now() + Math.max(0, Number(wait));
  }

  async pause(key: string, until: number): Promise<void> {
    await this.#redis.eval(PAUSE, 1, this.#prefix + key, String(Math.max(0, until - Date.now())));
  }
}
