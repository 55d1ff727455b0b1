// Jest (CommonJS, its globals): the same helper as Vitest's, its hooks found by itself.
const { Comput3 } = require('@comput3/core');
const { recordedAnswers } = require('@comput3/mock/testing');
const path = require('node:path');

const answers = recordedAnswers({
  dir: path.join(__dirname, 'cassettes'),
  upstream: process.env.COMPUT3_UPSTREAM ?? 'https://api.comput3.ai/v1',
});
const apiKey = process.env.COMPUT3_API_KEY || 'replay-needs-no-key';

test('a login ticket', async () => {
  const client = new Comput3({ baseURL: answers.useCassette(), apiKey });
  const text = await client.ask(
    'Summarise this support ticket in one line:\n\nI cannot log in since the password reset.',
    { model: 'kimi-k2', max_tokens: 200 },
  );
  expect(text.length).toBeGreaterThan(0);
});
