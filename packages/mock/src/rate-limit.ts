import type { ServerResponse } from 'node:http';
import { sendError } from './respond.js';

/**
 * A rate limit, as a real API enforces one per key: a token bucket of `burst` requests
 * (default `requestsPerSecond`) that refills at `requestsPerSecond`. A request that finds it
 * empty is answered 429 with `Retry-After` (whole seconds, rounded up) and `retry-after-ms`
 * (the exact wait); every answer carries the OpenAI-style `x-ratelimit-*-requests` headers
 * unless `headers` is false (some servers send none, and a client must learn from the 429s).
 */
export interface RateLimitOptions {
  /** Requests per second the bucket refills with. */
  requestsPerSecond: number;
  /** Requests it holds when full: how many may come at once. Defaults to `requestsPerSecond`. */
  burst?: number;
  /** Send `x-ratelimit-limit-requests`, `-remaining-requests` and `-reset-requests`. Default true. */
  headers?: boolean;
}

export interface RateLimit {
  /** Takes a request from the bucket; false when it answered 429 instead. */
  admit(res: ServerResponse): boolean;
}

/** `0.42s`, `1m5s`: the duration format of OpenAI's reset headers. */
const duration = (ms: number) =>
  ms >= 60_000
    ? `${Math.floor(ms / 60_000)}m${((ms % 60_000) / 1000).toFixed(0)}s`
    : `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;

export function rateLimit(options: RateLimitOptions): RateLimit {
  const rate = options.requestsPerSecond;
  if (!(rate > 0)) throw new RangeError('rateLimit.requestsPerSecond must be a number above 0.');
  const burst = options.burst ?? Math.max(1, Math.round(rate));
  let tokens = burst;
  let at = performance.now();
  return {
    admit(res) {
      const now = performance.now();
      tokens = Math.min(burst, tokens + ((now - at) / 1000) * rate);
      at = now;
      const admitted = tokens >= 1;
      if (admitted) tokens -= 1;
      if (options.headers !== false) {
        res.setHeader('x-ratelimit-limit-requests', String(burst));
        res.setHeader('x-ratelimit-remaining-requests', String(Math.floor(tokens)));
        // Until the bucket is full again, as OpenAI's header counts it.
        res.setHeader('x-ratelimit-reset-requests', duration(((burst - tokens) / rate) * 1000));
      }
      if (admitted) return true;
      const waitMs = Math.ceil(((1 - tokens) / rate) * 1000);
      sendError(res, 429, {
        message: `Rate limit reached: ${burst} requests at once, then ${rate} per second. Try again in ${waitMs} ms.`,
        code: 'rate_limit_exceeded',
        headers: {
          'retry-after': String(Math.ceil(waitMs / 1000)),
          'retry-after-ms': String(waitMs),
        },
      });
      return false;
    },
  };
}
