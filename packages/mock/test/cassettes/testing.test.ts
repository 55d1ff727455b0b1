// The helpers an app's tests use: recordedAnswers() (Vitest, Jest) and withCassettes() (node:test).
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startMockServer } from '../../src/index.js';
import { recordedAnswers, withCassettes } from '../../src/testing.js';

const dir = mkdtempSync(join(tmpdir(), 'answers-'));
const upstream = await startMockServer();
afterAll(() => upstream.close());

const ask = (baseURL: string, content: string) =>
  fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-helper-test-key-99', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'kimi-k2', messages: [{ role: 'user', content }] }),
  }).then(
    (r) => r.json() as Promise<{ choices?: { message: { content: string } }[]; error?: unknown }>,
  );

describe('recordedAnswers(): a server per file, a cassette per test, named after it', () => {
  const answers = recordedAnswers({
    dir,
    mode: 'record-missing',
    upstream: upstream.url,
    hooks: { beforeAll, afterAll, afterEach, expect },
  });
  test('summarises a ticket', async () => {
    const url = answers.useCassette();
    expect(url).toBe(answers.server.url);
    expect((await ask(url, 'Summarise: the printer is on fire')).choices).toHaveLength(1);
    expect(answers.server.cassette!.file).toBe(
      `${dir}/recordedAnswers-a-server-per-file-a-cassette-per-test-named-after-it-summarises-a-ticket.json`,
    );
  });
  test('another test, another cassette', async () => {
    const url = answers.useCassette('the other one');
    await ask(url, 'hello');
    expect(readdirSync(dir)).toContain('the-other-one.json');
  });
});

describe('withCassettes(): node:test', () => {
  test('records, then replays with the upstream gone; a changed request fails the test', async () => {
    const record = withCassettes(
      { dir, mode: 'record', upstream: upstream.url },
      async ({ baseURL }) => {
        expect((await ask(baseURL, 'What is SSE?')).choices![0]!.message.content).toContain('SSE');
      },
    );
    await record({ name: 'what is sse' });
    expect(readdirSync(dir)).toContain('what-is-sse.json');
    let replayed = '';
    await withCassettes({ dir }, async ({ baseURL }) => {
      replayed = (await ask(baseURL, 'What is SSE?')).choices![0]!.message.content;
    })({ name: 'what is sse' });
    expect(replayed).toContain('SSE');
    const changed = withCassettes({ dir }, async ({ baseURL }) => {
      await ask(baseURL, 'What is SSE, briefly?'); // the app swallows the error: the test still fails
    });
    await expect(changed({ name: 'what is sse' })).rejects.toThrow(
      /The nearest, interaction 1 of 1 in .*what-is-sse\.json, differs in:\n {2}messages\[0\]\.content: recorded "What is SSE\?", sent "What is SSE, briefly\?"/,
    );
  });
});
