// Plain CommonJS, as an app on Node before require(esm) (18, 20.18) or a CommonJS toolchain
// loads the packages: every entry point by require(), a completion and a stream against the
// packed mock, and the error classes shared between the SDK and its caller (no dual-package
// hazard: what the SDK throws is instanceof what the caller imported).
const assert = require('node:assert/strict');
const core = require('@comput3/core');
// The main entry stands alone: the Node-only `/node` entry (node:fs, node:tls) is not loaded.
assert.ok(
  !Object.keys(require.cache).some((file) => /[\\/]node\.cjs$/.test(file)),
  'require("@comput3/core") loaded the /node entry',
);
const { Comput3, APIError, NotFoundError, Comput3Error, ChatCompletionStream } = core;
const { runTools, parse } = require('@comput3/core/tools');
const { networkFetch } = require('@comput3/core/node');
const { KNOWN_MODELS } = require('@comput3/api');
const { spec } = require('@comput3/api/spec');
const { textScrubber } = require('@comput3/api/secrets');
const { startMockServer, replyText } = require('@comput3/mock');
// The AI SDK 7 is ESM only and needs Node 22, where require() loads ESM: only there.
const aiSdk = Number(process.versions.node.split('.')[0]) >= 22 && require('@comput3/ai-sdk');

(async () => {
  assert.equal(typeof runTools, 'function');
  assert.equal(typeof parse, 'function');
  assert.equal(typeof networkFetch, 'function');
  if (aiSdk) assert.equal(typeof aiSdk.createComput3, 'function');
  assert.ok(KNOWN_MODELS.includes('kimi-k2'));
  assert.ok(spec.paths['/chat/completions']);
  assert.equal(textScrubber('sk-cjs-secret')('a sk-cjs-secret b'), 'a [redacted] b');
  assert.equal(core.default, Comput3);
  const mock = await startMockServer();
  try {
    const client = new Comput3({ apiKey: 'sk-cjs-consumer', baseURL: mock.url });
    const messages = [{ role: 'user', content: 'hello from require()' }];
    const expected = await replyText('kimi-k2', messages);
    const done = await client.chat.completions.create({ model: 'kimi-k2', messages });
    assert.equal(done.choices[0].message.content, expected);
    const stream = await client.chat.completions.create({
      model: 'kimi-k2',
      messages,
      stream: true,
    });
    assert.ok(stream instanceof ChatCompletionStream);
    assert.equal((await stream.finalCompletion()).choices[0].message.content, expected);
    const error = await client.chat.completions
      .create({ model: 'no-such-model', messages })
      .catch((e) => e);
    assert.ok(error instanceof NotFoundError, `not a NotFoundError: ${error}`);
    assert.ok(error instanceof APIError && error instanceof Comput3Error);
    console.log(`ok require() on Node ${process.versions.node}: completion, stream, errors`);
  } finally {
    await mock.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
