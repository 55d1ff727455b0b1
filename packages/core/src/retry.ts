import { APIConnectionError, APIError } from './errors.js';
/**
 * When to try a request again, and how long to wait first.
 *
 * - The server's `x-should-retry: true|false` wins over everything else.
 * - Otherwise retry 408 (timeout), 409 (lock conflict), 429 (rate limit) and any 5xx: each may
 *   succeed unchanged a moment later. Other 4xx will fail the same way again.
 * - Retry connection errors and timeouts, except an untrusted, expired or misnamed TLS
 *   certificate and a proxy's 407: those fail the same way every time (connection-errors.ts).
 * - Wait `retry-after-ms`, else `Retry-After` (seconds or an HTTP date), capped at
 *   MAX_RETRY_AFTER_MS; else back off exponentially from 0.5 s to 8 s, with up to 25% jitter
 *   so that many clients failing together do not retry together.
 */
const RETRYABLE_STATUSES = new Set([408, 409, 429]);

export const MAX_RETRY_AFTER_MS = 60_000;
const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;

export function shouldRetry(status: number, headers: Headers): boolean {
  const hint = headers.get('x-should-retry');
  if (hint === 'true') return true;
  if (hint === 'false') return false;
  return RETRYABLE_STATUSES.has(status) || status >= 500;
}

/** The server's requested wait in ms, or undefined when it gave none that can be read. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds))
    return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How long to wait before retry number `attempt` (0 for the first retry). */
export function retryDelayMs(attempt: number, headers?: Headers, random = Math.random): number {
  const asked = retryAfterMs(headers);
  if (asked !== undefined) return Math.min(asked, MAX_RETRY_AFTER_MS);
  const backoff = Math.min(INITIAL_BACKOFF_MS * 2 ** attempt, MAX_BACKOFF_MS);
  return backoff * (1 - random() * 0.25);
}

/**
 * The same rule for an error already thrown: would retrying the request help? For callers that
 * retry themselves (the AI SDK provider), so that the rule lives in one place.
 */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof APIError) return shouldRetry(error.status, error.headers);
  return error instanceof APIConnectionError && !error.permanent;
}
