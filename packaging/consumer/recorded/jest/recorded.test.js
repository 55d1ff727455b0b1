// A Jest project as a consumer writes one, on recorded answers: Jest's globals are found by
// recordedAnswers(); the cassettes are recorded once (COMPUT3_CASSETTES=record-missing) and
// replayed after, with the upstream gone.
const path = require('node:path');
const { Comput3 } = require('@comput3/core');
const { recordedAnswers } = require('@comput3/mock/testing');

const answers = recordedAnswers({
  dir: path.join(__dirname, 'cassettes'),
  upstream: process.env.COMPUT3_UPSTREAM,
});

test('a summary of a ticket', async () => {
  const client = new Comput3({
    baseURL: answers.useCassette(),
    apiKey: process.env.COMPUT3_API_KEY || 'replay-needs-no-key',
    maxRetries: 0,
  });
  const suffix = process.env.COMPUT3_TEST_PROMPT_SUFFIX ?? '';
  const text = await client.ask(`Summarise: the printer prints every page twice.${suffix}`, {
    model: 'kimi-k2',
  });
  expect(text.length).toBeGreaterThan(0);
});
