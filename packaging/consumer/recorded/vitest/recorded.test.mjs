// A Vitest project as a consumer writes one, on recorded answers (see ../jest).
import { Comput3 } from '@comput3/core';
import { recordedAnswers } from '@comput3/mock/testing';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';

const answers = recordedAnswers({
  dir: new URL('./cassettes', import.meta.url).pathname,
  upstream: process.env.COMPUT3_UPSTREAM,
  hooks: { beforeAll, afterAll, afterEach, expect },
});

test('a streamed summary of a ticket', async () => {
  const client = new Comput3({
    baseURL: answers.useCassette(),
    apiKey: process.env.COMPUT3_API_KEY || 'replay-needs-no-key',
    maxRetries: 0,
  });
  const suffix = process.env.COMPUT3_TEST_PROMPT_SUFFIX ?? '';
  const stream = await client.chat.completions.create({
    model: 'qwen3-max',
    messages: [{ role: 'user', content: `Summarise: the login page loops.${suffix}` }],
    stream: true,
  });
  let text = '';
  for await (const piece of stream.text()) text += piece;
  expect(text.length).toBeGreaterThan(0);
});
