// Killed at any point (kill -9; some trials also with a last line cut short, as a power cut
// mid-write leaves it), a resumed run answers every line exactly once and sends nothing for a
// line the output already holds. 20 trials at random points.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Comput3 } from '@comput3/core';
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { resumeRun } from './fixtures/resume-run.mjs';
import { killAll, startChild } from './child.js';
import { askedTickets, inputOf, resultsOf, scratch } from './helpers.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ recordBodies: true });
});
afterAll(() => mock.close());
afterEach(killAll);

const LINES = 24;

test('20 kills at random points, each resumed: every line once, nothing answered sent again', async () => {
  const client = new Comput3({ apiKey: 'k-resume', baseURL: mock.url, maxRetries: 0 });
  for (let trial = 0; trial < 20; trial++) {
    const dir = scratch();
    const input = inputOf(dir, LINES);
    const output = join(dir, 'out.jsonl');
    const killAt = 1 + Math.floor(Math.random() * (LINES - 4));
    const child = startChild('batch-child.mjs', [input, output, mock.url]);
    await child.waitFor((line) => line === `done ${killAt}`);
    await child.kill();
    if (trial % 2) {
      // A power cut in the middle of a write: half a line at the end.
      appendFileSync(output, '{"line":3,"id":"t3","ok":tr');
    }
    const whole = readFileSync(output, 'utf8')
      .split('\n')
      .filter((line) => line.endsWith('}'));
    const answeredBefore = new Set(
      whole.map((line) => (JSON.parse(line) as { line: number }).line),
    );
    expect(answeredBefore.size, `trial ${trial}`).toBeGreaterThanOrEqual(killAt);
    const sentBefore = mock.requests.length;

    await resumeRun(client, input, output);
    const lines = resultsOf(output).map((r) => r.line);
    expect(
      lines.sort((a, b) => a - b),
      `trial ${trial}`,
    ).toEqual(Array.from({ length: LINES }, (_, i) => i + 1));
    const sentAfter = askedTickets(mock.requests.slice(sentBefore));
    expect(
      sentAfter.filter((line) => answeredBefore.has(line)),
      `trial ${trial}`,
    ).toEqual([]);
  }
});
