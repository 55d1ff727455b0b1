// The fault matrix, as the CLI meets it: each fault from the mock, the exit code it must give,
// what stays on stdout, and no trace of the key anywhere the CLI writes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterEach, describe, expect, test } from 'vitest';
import { home, reply, run } from './run.js';

const KEY = 'sk-cli-faults-SECRET-91ab';
// A server per case, its fault scripted from the start: a fault queued on a shared server waits
// for the next request, and on a busy machine a case can end (its timeout spent) before its
// request reaches the server; its fault then went to the next case, and every case after it
// met the fault of the one before.
let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const ANSWER = await reply('hermes4:70b', 'fault test');

function savedFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? savedFiles(join(dir, e.name)) : [readFileSync(join(dir, e.name), 'utf8')],
    );
  } catch {
    return [];
  }
}

describe('comput3 under faults', () => {
  test.each([
    // [name, scripted fault, extra flags, exit code, stdout check, stderr check]
    ['503 twice, then success', 'status=503; times=2; retry-after-ms=5', [], 0, ANSWER, /^$/],
    [
      '429 with Retry-After: 1, then success',
      'status=429; times=1; retry-after=1',
      [],
      0,
      ANSWER,
      /^$/,
    ],
    ['reset before headers', 'drop-before-headers', ['--retries', '0'], 5, '', /connection error/],
    ['reset after 4 chunks keeps them', 'drop-after-chunks=4', [], 5, '*Off', /connection error/],
    [
      'stall before headers',
      'delay-headers=3000',
      ['--retries', '0', '--timeout', '0.3'],
      5,
      '',
      /timed out: no response arrived within 300 ms/,
    ],
    [
      // A timeout long enough for the headers on a busy machine (0.3 s was not: the headers
      // themselves timed out, the stall was never reached, and its fault was left queued for the
      // next case), and a stall far longer. No retries: a stream with nothing delivered yet is
      // tried again.
      'stall between chunks',
      'delay-chunks=60000',
      ['--retries', '0', '--timeout', '5'],
      5,
      '',
      /timed out: no stream data arrived/,
    ],
    ['broken JSON with 200', 'malformed-json', ['--no-stream'], 6, '', /not valid JSON/],
    ['an HTML 502 page', 'html-502', ['--retries', '0'], 6, '', /failed with 502/],
    ['a stream that ends after its finish without [DONE]', 'no-done', [], 0, ANSWER, /^$/],
    ['a stream that ends before its finish', 'no-finish', [], 6, ANSWER, /incomplete/],
    ['SSE comments, CRLF and keep-alives', 'sse-noise; crlf', [], 0, ANSWER, /^$/],
  ] as const)('%s', async (_name, fault, flags, code, stdout, stderr) => {
    mock = await startMockServer({ apiKeys: [KEY], faults: [fault] });
    const h = home({ COMPUT3_API_KEY: KEY, COMPUT3_BASE_URL: mock.url });
    const r = await run([...flags, 'fault test'], h.env);
    expect(r.code).toBe(code);
    if (stdout === ANSWER) expect(r.stdout).toBe(`${ANSWER}\n`);
    else if (stdout)
      expect(r.stdout.startsWith(stdout)).toBe(true); // what arrived stays printed
    else expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(stderr);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(1);
    for (const text of [r.stdout, r.stderr, ...savedFiles(h.data), ...savedFiles(h.config)])
      expect(text).not.toContain(KEY);
  });
});
