// runBatch against the mock, started per test: every line answered once, in order when asked,
// bad lines refused before anything is sent, failures retried and written, and --retry-failed.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Comput3 } from '@comput3/core';
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterEach, expect, test } from 'vitest';
import { BatchInputError, parseTemplate, runBatch } from '../src/index.js';
import { askedTickets, inputOf, resultsOf, scratch } from './helpers.js';

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});
const start = async (options: Parameters<typeof startMockServer>[0] = {}) => {
  mock = await startMockServer({ recordBodies: true, ...options });
  return new Comput3({ apiKey: 'k-batch', baseURL: mock.url, maxRetries: 0 });
};
const template = parseTemplate('Classify {{text}} as bug or question.');
/** A run of the file's lines through the template, to kimi-k2, with whatever else a test sets. */
const batch = (
  client: Comput3,
  input: string,
  output: string,
  more: Partial<Parameters<typeof runBatch>[0]> = {},
) => runBatch({ client, input, output, template, model: 'kimi-k2', ...more });

test('every line answered once, with its id and figures; in input order with ordered', async () => {
  const client = await start();
  const dir = scratch();
  const input = inputOf(dir, 40);
  const output = join(dir, 'out.jsonl');
  const seen: number[] = [];
  const summary = await batch(client, input, output, {
    ordered: true,
    concurrency: 8,
    onProgress: (p) => seen.push(p.done),
  });
  const results = resultsOf(output);
  expect(results.map((r) => r.line)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  expect(results.map((r) => r.id)).toEqual(Array.from({ length: 40 }, (_, i) => `t${i + 1}`));
  for (const r of results) {
    expect(r).toMatchObject({ ok: true, model: 'kimi-k2', attempts: 1 });
    expect(r.content).toEqual(expect.any(String));
    expect(r.usage!.completion_tokens).toBeGreaterThan(0);
  }
  expect(askedTickets(mock!.requests).sort((a, b) => a - b)).toEqual(results.map((r) => r.line));
  expect(summary).toMatchObject({ total: 40, done: 40, failed: 0, badLines: 0, stopped: false });
  expect(summary.tokens.completion).toBe(
    results.reduce((n, r) => n + r.usage!.completion_tokens, 0),
  );
  expect(summary.slowest).toHaveLength(5);
  expect(seen.at(-1)).toBe(40);
  // The requests overlapped: the concurrency was used.
  expect(mock!.requests.length).toBe(40);
});

test('a bad line stops the run before anything is sent, naming it; skip writes it as a failure', async () => {
  const client = await start();
  const dir = scratch();
  const input = inputOf(dir, 5, [
    '{"id": "t6", "text": ',
    '{"id": "t7"}',
    '[1, 2]',
    '{"id": "t1", "text": "again"}',
  ]);
  const output = join(dir, 'out.jsonl');
  const error = await batch(client, input, output).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BatchInputError);
  expect((error as Error).message).toBe(
    `${input}: 4 lines, the first 6 is not JSON: each line must be one JSON object. Fix them, or pass --on-bad-line skip to write them as failures and go on (nothing was sent).`,
  );
  expect((error as BatchInputError).badLines.map((b) => b.line)).toEqual([6, 7, 8, 9]);
  expect((error as BatchInputError).badLines[1]!.problem).toBe(
    'has no field "text", which the template names',
  );
  expect((error as BatchInputError).badLines[3]!.problem).toBe(
    'has the id "t1" of line 1: ids must be unique',
  );
  expect(mock!.requests).toHaveLength(0);
  expect(existsSync(output)).toBe(false);
  // A line past maxLineBytes is skipped as it streams past, never held.
  const long = await batch(client, input, output, {
    maxLineBytes: 20,
  }).catch((e: unknown) => e as BatchInputError);
  expect((long as BatchInputError).badLines[0]).toEqual({
    line: 1,
    problem: 'is over 20 bytes, the most a line may hold: shorten it (maxLineBytes sets the most)',
  }); // nor a file made: the same command runs again

  const summary = await batch(client, input, output, {
    onBadLine: 'skip',
  });
  const results = resultsOf(output);
  expect(results).toHaveLength(9);
  expect(results.filter((r) => !r.ok).map((r) => [r.line, r.error!.kind])).toEqual([
    [6, 'bad_line'],
    [7, 'bad_line'],
    [8, 'bad_line'],
    [9, 'bad_line'],
  ]);
  expect(summary).toMatchObject({
    badLines: 4,
    failed: 4,
    failures: [{ kind: 'bad_line', count: 4 }],
  });
  expect(askedTickets(mock!.requests).sort()).toEqual([1, 2, 3, 4, 5]);
});

test('a new run refuses an output that exists; resume sends only what it lacks and redoes a torn line', async () => {
  const client = await start();
  const dir = scratch();
  const input = inputOf(dir, 10);
  const output = join(dir, 'out.jsonl');
  await batch(client, input, output);
  await expect(batch(client, input, output)).rejects.toThrow(
    `${output} exists: pass --resume to finish the run that wrote it, --retry-failed to redo its failures, or choose another -o (nothing was sent).`,
  );
  // Keep lines 1-6, and line 7 cut short as a crash mid-write leaves it.
  const lines = readFileSync(output, 'utf8').split('\n').filter(Boolean);
  const kept = resultsOf(output).filter((r) => r.line <= 6);
  const torn = lines.find((l) => JSON.parse(l).line === 7)!;
  writeFileSync(output, kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
  appendFileSync(output, torn.slice(0, torn.length / 2));
  const before = mock!.requests.length;
  const summary = await batch(client, input, output, {
    resume: true,
  });
  expect(askedTickets(mock!.requests.slice(before)).sort((a, b) => a - b)).toEqual([7, 8, 9, 10]);
  const results = resultsOf(output);
  expect(results.map((r) => r.line).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(summary).toMatchObject({ total: 10, done: 10, previously: 6 });

  // An input changed under the output is refused, not mixed.
  writeFileSync(input, readFileSync(input, 'utf8').replace('"t3"', '"x3"'));
  await expect(batch(client, input, output, { resume: true })).rejects.toThrow(
    `answers line 3 as id "t3", but ${input} has id "x3" there: the input changed since that run.`,
  );
});

test('a 429 or a 5xx is sent again later; what keeps failing is written, and --retry-failed redoes only that', async () => {
  const client = await start();
  const dir = scratch();
  const input = inputOf(dir, 6);
  const output = join(dir, 'out.jsonl');
  // One at a time, the faults meet the requests in order: line 1 a 503 (sent again after its
  // Retry-After, once lines 2-6 are done), line 2 a 400 (never sent again), lines 3-6 nothing,
  // and line 1's second attempt another 503: its last, so its failure is written.
  mock!.injectFaults('status=503; retry-after=5', 'status=400', {}, {}, {}, {}, 'status=503');
  const summary = await batch(client, input, output, {
    concurrency: 1,
    maxAttempts: 2,
  });
  const results = resultsOf(output);
  expect(
    results.filter((r) => !r.ok).map((r) => [r.line, r.error!.kind, r.error!.status, r.attempts]),
  ).toEqual([
    [2, 'BadRequestError', 400, 1],
    [1, 'InternalServerError', 503, 2],
  ]);
  expect(summary.retried).toBe(1);
  expect(summary.failures).toEqual([
    { kind: 'BadRequestError', count: 1 },
    { kind: 'InternalServerError', count: 1 },
  ]);
  const before = mock!.requests.length;
  const again = await batch(client, input, output, {
    retryFailed: true,
  });
  expect(askedTickets(mock!.requests.slice(before)).sort()).toEqual([1, 2]);
  const final = resultsOf(output);
  expect(final.map((r) => r.line).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  expect(final.every((r) => r.ok)).toBe(true);
  expect(again).toMatchObject({ previously: 4, done: 6, failed: 0 });
});

test('stopped by its signal, it writes nothing more; resume finishes it', async () => {
  const client = await start({ faults: [] });
  const dir = scratch();
  const input = inputOf(dir, 30);
  const output = join(dir, 'out.jsonl');
  const stop = new AbortController();
  const first = await batch(client, input, output, {
    concurrency: 4,
    signal: stop.signal,
    onProgress: (p) => p.done === 10 && stop.abort(),
  });
  expect(first.stopped).toBe(true);
  const written = resultsOf(output).length;
  expect(written).toBeGreaterThanOrEqual(10);
  expect(written).toBeLessThan(30);
  const rest = await batch(client, input, output, { resume: true });
  expect(rest.stopped).toBe(false);
  const lines = resultsOf(output)
    .map((r) => r.line)
    .sort((a, b) => a - b);
  expect(lines).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
});

test('in order, a first line sent again later holds the others back without locking the run', async () => {
  const client = await start();
  const dir = scratch();
  // More lines than the window of 256 an ordered run may take ahead of the last written.
  const input = inputOf(dir, 300);
  const output = join(dir, 'out.jsonl');
  // Line 1 meets a 503 that asks for 8 s: every other line waits behind it in the output.
  mock!.injectFaults('status=503; retry-after=8');
  const summary = await batch(client, input, output, {
    ordered: true,
    concurrency: 1,
  });
  expect(summary).toMatchObject({ done: 300, failed: 0, retried: 1 });
  expect(resultsOf(output).map((r) => r.line)).toEqual(
    Array.from({ length: 300 }, (_, i) => i + 1),
  );
});
