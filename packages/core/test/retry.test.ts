import { describe, expect, test } from 'vitest';
import { MAX_RETRY_AFTER_MS, retryAfterMs, retryDelayMs, shouldRetry } from '../src/retry.js';

const h = (init: Record<string, string> = {}) => new Headers(init);

describe('shouldRetry', () => {
  test.each([408, 409, 429, 500, 502, 503, 504, 599])('retries %i', (status) => {
    expect(shouldRetry(status, h())).toBe(true);
  });
  test.each([400, 401, 403, 404, 413, 422])('does not retry %i', (status) => {
    expect(shouldRetry(status, h())).toBe(false);
  });
  test('x-should-retry wins both ways', () => {
    expect(shouldRetry(400, h({ 'x-should-retry': 'true' }))).toBe(true);
    expect(shouldRetry(503, h({ 'x-should-retry': 'false' }))).toBe(false);
  });
});

describe('retryAfterMs', () => {
  test('prefers retry-after-ms', () => {
    expect(retryAfterMs(h({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
  });
  test('reads Retry-After in seconds', () => {
    expect(retryAfterMs(h({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(h({ 'retry-after': '0.5' }))).toBe(500);
  });
  test('reads Retry-After as an HTTP date', () => {
    const now = Date.parse('Fri, 27 Nov 2026 10:00:00 GMT');
    expect(retryAfterMs(h({ 'retry-after': 'Fri, 27 Nov 2026 10:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfterMs(h({ 'retry-after': 'Fri, 27 Nov 2026 09:00:00 GMT' }), now)).toBe(0);
  });
  test('ignores what it cannot read', () => {
    expect(retryAfterMs(h({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(h({ 'retry-after-ms': 'x' }))).toBeUndefined();
    expect(retryAfterMs(h({ 'retry-after': '-3' }))).toBeUndefined();
    expect(retryAfterMs(h())).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  test('honours the server up to the cap', () => {
    expect(retryDelayMs(0, h({ 'retry-after': '1' }))).toBe(1000);
    expect(retryDelayMs(3, h({ 'retry-after-ms': '20' }))).toBe(20);
    expect(retryDelayMs(0, h({ 'retry-after': '3600' }))).toBe(MAX_RETRY_AFTER_MS);
  });
  test('backs off from 0.5 s doubling to 8 s', () => {
    const noJitter = () => 0;
    expect([0, 1, 2, 3, 4, 5, 9].map((a) => retryDelayMs(a, undefined, noJitter))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });
  test('jitters down by at most a quarter', () => {
    expect(retryDelayMs(0, undefined, () => 0.999999)).toBeCloseTo(375, 0);
    expect(retryDelayMs(4, undefined, () => 0.5)).toBe(7000);
  });
});
