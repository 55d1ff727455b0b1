import type { MiddlewareHandler } from 'hono';
import { errorBody } from './errors.js';

export interface RateLimitOptions {
  /** Requests allowed per window and client. */
  requests: number;
  windowMs: number;
  /** Who a request counts against; the socket's address by default. */
  key: (c: Parameters<MiddlewareHandler>[0]) => string;
}

/**
 * A fixed-window limit per client, kept in memory: enough for one demo process. Answers 429 with
 * `Retry-After` (seconds) when a client is over.
 */
export function rateLimit({ requests, windowMs, key }: RateLimitOptions): MiddlewareHandler {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return async (c, next) => {
    const now = Date.now();
    const id = key(c);
    let w = windows.get(id);
    if (!w || w.resetAt <= now) {
      if (windows.size > 10_000)
        for (const [k, v] of windows) if (v.resetAt <= now) windows.delete(k);
      w = { count: 0, resetAt: now + windowMs };
      windows.set(id, w);
    }
    if (++w.count > requests) {
      const retryAfter = Math.max(1, Math.ceil((w.resetAt - now) / 1000));
      c.header('Retry-After', String(retryAfter));
      return c.json(
        errorBody(`Too many messages: try again in ${retryAfter} s.`, 'rate_limit'),
        429,
      );
    }
    await next();
  };
}
