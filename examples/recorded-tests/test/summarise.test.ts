// Vitest: one mock server for the file, a cassette per test, named after it.
import { Comput3 } from '@comput3/core';
import { recordedAnswers } from '@comput3/mock/testing';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { summarise } from '../summarise.js';
import { apiKey, dir, upstream } from './cassettes.js';

const answers = recordedAnswers({
  dir,
  upstream,
  hooks: { beforeAll, afterAll, afterEach, expect },
});

test('a printer ticket', async () => {
  const client = new Comput3({ baseURL: answers.useCassette(), apiKey });
  const summary = await summarise(client, 'The printer on floor 3 prints every page twice.');
  expect(summary.length).toBeGreaterThan(0);
  expect(summary).toMatchSnapshot();
});

test('the same ticket streamed by another code path gives the recorded events', async () => {
  const client = new Comput3({ baseURL: answers.useCassette(), apiKey });
  const stream = await client.chat.completions.create({
    model: 'kimi-k2',
    messages: [{ role: 'user', content: 'Name three uses of a Bloom filter' }],
    stream: true,
  });
  let text = '';
  for await (const piece of stream.text()) text += piece;
  expect(text).toContain('Bloom filter');
});
