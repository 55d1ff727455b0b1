import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startMockServer, type MockServer } from '@comput3/mock';

// A script that opens a stream and never reads it, then ends, must let Node exit: the idle
// timer (10 minutes by default) is a watchdog, not work to wait for. Before the fix the
// child lived until the timer fired; the test's own timeout would catch that.
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ pace: 'realistic' });
});
afterAll(() => mock.close());

test('a stream opened and never read does not keep the process alive', async () => {
  const script = `
    const { Comput3 } = await import(${JSON.stringify(new URL('../dist/index.node.js', import.meta.url).href)});
    const client = new Comput3({ apiKey: 'sk-exit-test', baseURL: process.env.BASE });
    const stream = await client.chat.completions.create({ model: 'kimi-k2', stream: true,
      messages: [{ role: 'user', content: 'a long answer please' }] });
    console.log('opened', typeof stream.requestId);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, BASE: mock.url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk));
  try {
    const [code] = await once(child, 'exit');
    expect(out.trim()).toBe('opened string');
    expect(code).toBe(0);
  } finally {
    child.kill(); // only if the test timed out: never leave a child behind
  }
});
