// A recognisable key, and everything the SDK lets out scanned for it: errors (message, stack,
// JSON, cause), every log line at debug level on the default console, and the client object
// itself as util.inspect would print it.
import { inspect } from 'node:util';
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { Comput3 } from '../src/index.js';

const KEY = 'sk-live-SCAN-ME-3c0ffee5';
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ apiKeys: [KEY] });
});
afterAll(() => mock.close());

test('the API key appears in nothing the SDK emits', async () => {
  const printed: string[] = [];
  for (const level of ['debug', 'info', 'warn', 'error', 'log'] as const) {
    vi.spyOn(console, level).mockImplementation(
      (...args: unknown[]) => void printed.push(args.map(String).join(' ')),
    );
  }
  const client = new Comput3({
    apiKey: KEY,
    baseURL: mock.url,
    logLevel: 'debug',
    maxRetries: 1,
    timeout: 300,
  });
  const wrong = new Comput3({
    apiKey: `${KEY}-wrong`,
    baseURL: mock.url,
    logLevel: 'debug',
    maxRetries: 0,
  });
  const msg = (content: string) => ({
    model: 'kimi-k2',
    messages: [{ role: 'user' as const, content }],
  });
  const fault = (spec: string) => ({ headers: { 'x-mock-fault': spec } });
  const outcomes: unknown[] = await Promise.all(
    [
      client.chat.completions.create(msg('ok')),
      client.models.list(),
      client.chat.completions
        .create({ ...msg('s'), stream: true })
        .then((s) => s.finalCompletion()),
      wrong.chat.completions.create(msg('401')),
      client.chat.completions.create(msg('x'), fault('status=500; retry-after-ms=1')),
      client.chat.completions.create(msg('x'), fault('status=429; retry-after-ms=1')),
      client.chat.completions.create(msg('x'), fault('drop-before-headers')),
      client.chat.completions.create(msg('x'), fault('delay-headers=2000')),
      client.chat.completions.create(msg('x'), fault('malformed-json')),
      client.chat.completions.create(msg('x'), fault('html-502; retry-after-ms=1')),
      client.chat.completions
        .create({ ...msg('x'), stream: true }, fault('no-done'))
        .then((s) => s.finalCompletion()),
      client.chat.completions
        .create({ ...msg('x'), stream: true }, fault('drop-after-chunks=2'))
        .then((s) => s.finalCompletion()),
      client.chat.completions.create({ ...msg('x'), model: 'nope' }),
      client.chat.completions.create({ ...msg('x'), temperature: 9 }),
    ].map((p) => p.catch((error: unknown) => error)),
  );
  vi.restoreAllMocks();

  const errors = outcomes.filter((o): o is Error => o instanceof Error);
  expect(errors.length).toBeGreaterThanOrEqual(10);
  const emitted = [
    ...printed,
    ...errors.flatMap((e) => [
      e.message,
      String(e.stack),
      JSON.stringify(e),
      inspect(e, { depth: 6 }),
      inspect(e.cause, { depth: 6 }),
    ]),
    inspect(client, { depth: 10, showHidden: true }),
  ].join('\n');
  expect(printed.some((line) => line.includes('authorization: Bearer ***'))).toBe(true);
  expect(emitted).not.toContain(KEY);
});
