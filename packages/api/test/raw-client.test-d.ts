import { expectTypeOf, test } from 'vitest';
import { createApiClient, type ChatCompletion, type ModelList } from '../src/index.js';

test('the raw client and the named types agree: its data is the named type', async () => {
  const client = createApiClient({ baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'k' });
  const { data } = await client.POST('/chat/completions', {
    body: { model: 'kimi-k2', messages: [{ role: 'user', content: 'hi' }] },
  });
  if (data) {
    const completion: ChatCompletion = data;
    expectTypeOf(completion.choices[0]!.finish_reason).toExtend<string>();
  }
  const models = await client.GET('/models');
  if (models.data) {
    const list: ModelList = models.data;
    void list;
  }
});
