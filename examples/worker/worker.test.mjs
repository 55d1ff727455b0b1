// The Worker under workerd (Miniflare 3: Miniflare 4 needs Node 22, and CI runs Node 20), bundled
// as wrangler bundles it, its bindings pointing at a mock this test starts and always stops.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatCompletionStream } from '@comput3/core';
import { startMockServer } from '@comput3/mock';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

let mock, mf;

before(async () => {
  mock = await startMockServer({ recordBodies: true });
  const bundle = await build({
    entryPoints: ['src/index.ts'],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    write: false,
  });
  mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0].text,
    compatibilityDate: '2025-07-01',
    bindings: { COMPUT3_API_KEY: 'offline', COMPUT3_BASE_URL: mock.url },
  });
});

after(async () => {
  await mf?.dispose();
  await mock?.close();
});

const ask = (body) =>
  mf.dispatchFetch('http://worker.test/api/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

test('the Worker relays a streamed answer that the SDK reads whole', async () => {
  const response = await ask({
    model: 'kimi-k2',
    messages: [{ role: 'user', content: 'Name three rivers' }],
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/event-stream/);
  const done = await ChatCompletionStream.fromReadableStream(response).finalCompletion();
  assert.match(done.choices[0].message.content, /the Nile, the Amazon and the Yangtze/i);
  assert.equal(done.choices[0].finish_reason, 'stop');
});

test('only the model and the messages reach the API; the key is the binding', async () => {
  await (
    await ask({
      model: 'kimi-k2',
      messages: [{ role: 'user', content: 'hi', name: 'x' }],
      tools: [1],
    })
  ).text();
  const sent = mock.requests.at(-1).body;
  assert.deepEqual(Object.keys(sent).sort(), ['messages', 'model', 'stream']);
  assert.deepEqual(sent.messages, [{ role: 'user', content: 'hi' }]);
});

test("mistakes get one clear JSON error, and the API's errors keep their status", async () => {
  const notJson = await mf.dispatchFetch('http://worker.test/api/chat/completions', {
    method: 'POST',
    body: '{',
  });
  assert.equal(notJson.status, 400);
  assert.match((await notJson.json()).error.message, /needs "messages"/);
  assert.equal((await mf.dispatchFetch('http://worker.test/nope')).status, 404);
  const unknown = await ask({
    model: 'no-such-model',
    messages: [{ role: 'user', content: 'hi' }],
  });
  assert.equal(unknown.status, 404);
  assert.match((await unknown.json()).error.message, /no-such-model/);
});

test('a caller that leaves mid-stream stops the upstream request', async () => {
  mock.injectFaults('delay-chunks=100'); // the next answer takes seconds to stream
  const response = await ask({
    model: 'kimi-k2',
    messages: [{ role: 'user', content: 'Explain SSE in detail' }],
  });
  const reader = response.body.getReader();
  await reader.read(); // the first bytes arrived
  await reader.cancel();
  const record = mock.requests.at(-1);
  // The mock marks the request when its connection closes: wait for that, not for a time
  // (checked every 10 ms, for at most a minute).
  for (let i = 0; record.endedAt === undefined; i++) {
    assert.ok(i < 6000, 'the mock never saw the connection close');
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.equal(record.closedEarly, true);
});
