// Jest 30 with its default configuration (CommonJS, no transform set up for ESM): the test an
// internal team writes first.
const { Comput3, NotFoundError } = require('@comput3/core');
const { startMockServer, replyText } = require('@comput3/mock');

let mock;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());

test('a completion against the mock', async () => {
  const client = new Comput3({ apiKey: 'sk-jest', baseURL: mock.url });
  const messages = [{ role: 'user', content: 'hello from jest' }];
  const done = await client.chat.completions.create({ model: 'kimi-k2', messages });
  expect(done.choices[0].message.content).toBe(await replyText('kimi-k2', messages));
});

test('errors are the classes the test imported', async () => {
  const client = new Comput3({ apiKey: 'sk-jest', baseURL: mock.url });
  const error = await client.chat.completions
    .create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] })
    .catch((e) => e);
  expect(error).toBeInstanceOf(NotFoundError);
});
