import { describe, expect, test } from 'vitest';
import { durationMs, hintsOf } from '../../src/limiter/headers.js';

describe('what an answer says about the rate limit', () => {
  test.each([
    ['1s', 1000],
    ['0.42s', 420],
    ['6m0s', 360_000],
    ['20ms', 20],
    ['1h2m', 3_720_000],
    ['', undefined],
    ['soon', undefined],
    ['1s2', undefined],
    [`${'1'.repeat(40)}s`, undefined],
  ])('durationMs(%j) is %j', (text, ms) => expect(durationMs(text)).toBe(ms));

  test('retry-after-ms wins over Retry-After; an HTTP date is read; nonsense is ignored', () => {
    expect(hintsOf(new Headers({ 'retry-after-ms': '250', 'retry-after': '3' }))).toEqual({
      retryAfterMs: 250,
    });
    const inTwoSeconds = new Date(Date.now() + 2500).toUTCString();
    expect(hintsOf(new Headers({ 'retry-after': inTwoSeconds })).retryAfterMs).toBeGreaterThan(500);
    expect(hintsOf(new Headers({ 'retry-after': 'tomorrow', 'retry-after-ms': '-5' }))).toEqual({});
    // A server asking for hours is not obeyed as such: the call's own retry rule decides.
    expect(hintsOf(new Headers({ 'retry-after': '86400' }))).toEqual({});
  });

  test('the x-ratelimit-*-requests headers; a count that is not a number is left out', () => {
    expect(
      hintsOf(
        new Headers({
          'x-ratelimit-limit-requests': '100',
          'x-ratelimit-remaining-requests': '7',
          'x-ratelimit-reset-requests': '0.93s',
        }),
      ),
    ).toEqual({ limit: 100, remaining: 7, resetMs: 930 });
    expect(hintsOf(new Headers({ 'x-ratelimit-limit-requests': '1e3' }))).toEqual({});
  });
});
