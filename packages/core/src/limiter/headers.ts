/**
 * What an answer says about the rate limit: `Retry-After` (seconds or an HTTP date) and
 * `retry-after-ms` on a 429, and the OpenAI-style `x-ratelimit-limit-requests`,
 * `-remaining-requests` and `-reset-requests` (a duration such as `1s`, `6m0s` or `20ms`: the
 * time until the limit is back to full) on any answer, when the server sends them.
 */
export interface RateLimitHints {
  /** How long to wait before the next request, when the answer says. */
  retryAfterMs?: number;
  limit?: number;
  remaining?: number;
  /** Milliseconds until the limit is full again. */
  resetMs?: number;
}

const UNITS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** `6m0s`, `1.5s`, `20ms` in milliseconds; undefined for anything else. Linear: one pass. */
export function durationMs(text: string | null): number | undefined {
  if (!text || text.length > 32) return undefined;
  let total = 0;
  let rest = text.trim();
  while (rest) {
    const part = /^(\d+(?:\.\d+)?)(ms|h|m|s)/.exec(rest);
    if (!part) return undefined;
    total += Number(part[1]) * UNITS[part[2]!]!;
    rest = rest.slice(part[0].length);
  }
  return total;
}

const count = (text: string | null) =>
  text !== null && /^\d{1,12}$/.test(text.trim()) ? Number(text) : undefined;

export function hintsOf(headers: Headers): RateLimitHints {
  const hints: RateLimitHints = {};
  const ms = Number(headers.get('retry-after-ms'));
  const after = headers.get('retry-after');
  if (ms > 0 && ms < 3_600_000) hints.retryAfterMs = ms;
  else if (after) {
    const seconds = Number(after);
    const until = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(after) - Date.now();
    if (until > 0 && until < 3_600_000) hints.retryAfterMs = until;
  }
  const limit = count(headers.get('x-ratelimit-limit-requests'));
  const remaining = count(headers.get('x-ratelimit-remaining-requests'));
  const resetMs = durationMs(headers.get('x-ratelimit-reset-requests'));
  if (limit !== undefined) hints.limit = limit;
  if (remaining !== undefined) hints.remaining = remaining;
  if (resetMs !== undefined) hints.resetMs = resetMs;
  return hints;
}
