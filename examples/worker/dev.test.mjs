// The README's `pnpm dev` as a person runs it: `wrangler dev` serving the Worker locally (its
// variables from .dev.vars, the base URL pointed at a mock this test starts), a question sent
// and the answer read whole with the SDK. wrangler and the mock are started here and always
// stopped.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatCompletionStream } from '@comput3/core';
import { startMockServer } from '@comput3/mock';

const LONG = { timeout: 180_000 };
let mock,
  wrangler,
  base,
  output = '';

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

before(async () => {
  // The README runs the package's dev script; this is that script, on loopback and a free port.
  assert.equal(JSON.parse(readFileSync('package.json', 'utf8')).scripts.dev, 'wrangler dev');
  mock = await startMockServer({ recordBodies: true });
  const port = await freePort();
  wrangler = spawn(
    process.execPath,
    [
      'node_modules/wrangler/bin/wrangler.js',
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      // .dev.vars points at the mock's default port (4010); this test's mock is elsewhere.
      '--var',
      `COMPUT3_BASE_URL:${mock.url}`,
    ],
    {
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that stopping it stops workerd too.
      detached: true,
    },
  );
  // Its group goes with this process however it ends: `after` does not run when the runner is
  // stopped by a signal (turbo cancelling a run), and wrangler would be left serving.
  const stop = () => {
    try {
      process.kill(-wrangler.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () => {
      stop();
      process.exit(1);
    });
  wrangler.stdout.on('data', (d) => (output += d));
  wrangler.stderr.on('data', (d) => (output += d));
  await new Promise((resolve, reject) => {
    wrangler.stdout.on('data', () => /Ready on/.test(output) && resolve());
    wrangler.on('exit', (code) =>
      reject(new Error(`wrangler dev exited with ${code}:\n${output}`)),
    );
  });
  base = `http://127.0.0.1:${port}`;
}, LONG);

after(async () => {
  if (wrangler && wrangler.exitCode === null) {
    const exited = new Promise((resolve) => wrangler.once('exit', resolve));
    process.kill(-wrangler.pid, 'SIGTERM');
    await exited;
  }
  await mock?.close();
});

test('wrangler dev serves the Worker: a streamed answer the SDK reads whole', LONG, async () => {
  assert.match(output, /COMPUT3_API_KEY/, 'the variables from .dev.vars are bound');
  const response = await fetch(`${base}/api/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'kimi-k2',
      messages: [{ role: 'user', content: 'Name three rivers' }],
    }),
  });
  assert.equal(response.status, 200);
  const done = await ChatCompletionStream.fromReadableStream(response).finalCompletion();
  assert.match(done.choices[0].message.content, /the Nile, the Amazon and the Yangtze/i);
  // The Worker sent what the caller chose, with the key from .dev.vars (the mock answers a
  // request without one 401).
  assert.equal(mock.requests.at(-1).body.model, 'kimi-k2');
});
