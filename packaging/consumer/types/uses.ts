// The same few lines, compiled under each moduleResolution an app may have: check.mjs copies
// this file to uses.cts (CommonJS) and uses.mts (ESM) for node16 and nodenext.
import { Comput3, NotFoundError, type ChatCompletion } from '@comput3/core';
import { runTools } from '@comput3/core/tools';
import { networkFetch } from '@comput3/core/node';
import { KNOWN_MODELS } from '@comput3/api';
import { startMockServer } from '@comput3/mock';

export async function use(): Promise<string | null | undefined> {
  const mock = await startMockServer();
  const client = new Comput3({ apiKey: 'k', baseURL: mock.url, fetch: await networkFetch() });
  const done: ChatCompletion = await client.chat.completions.create({
    model: KNOWN_MODELS[0],
    messages: [{ role: 'user', content: 'hi' }],
  });
  void runTools;
  void (NotFoundError.prototype instanceof Error);
  await mock.close();
  return done.choices[0]?.message.content;
}
