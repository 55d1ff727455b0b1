import { afterEach, describe, expect, test } from 'vitest';
import { startMockServer, type MockServer } from '../src/index.js';

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const models = (m: MockServer) =>
  fetch(`${m.url}/models`, { headers: { authorization: 'Bearer k' } });

describe('rateLimit: a bucket of requests, as a real API limits a key', () => {
  test('the burst passes, the next is a 429 that says how long to wait', async () => {
    mock = await startMockServer({ rateLimit: { requestsPerSecond: 2, burst: 3 } });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await models(mock));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(answers[0]!.headers.get('x-ratelimit-limit-requests')).toBe('3');
    expect(answers[0]!.headers.get('x-ratelimit-remaining-requests')).toBe('2');
    expect(answers[2]!.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(answers[2]!.headers.get('x-ratelimit-reset-requests')).toMatch(/^1(\.\d+)?s$/);
    const limited = answers[3]!;
    const wait = Number(limited.headers.get('retry-after-ms'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(500);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe(
      'rate_limit_exceeded',
    );
  });

  test('with headers: false, only the 429 says anything', async () => {
    mock = await startMockServer({ rateLimit: { requestsPerSecond: 1, headers: false } });
    const [ok, limited] = [await models(mock), await models(mock)];
    expect(ok.headers.get('x-ratelimit-limit-requests')).toBeNull();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after-ms')).not.toBeNull();
  });

  test('a rate that is not a positive number is refused', async () => {
    await expect(startMockServer({ rateLimit: { requestsPerSecond: 0 } })).rejects.toThrow(
      'rateLimit.requestsPerSecond must be a number above 0.',
    );
  });
});
