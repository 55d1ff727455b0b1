// The example as a user runs it, offline: the script's output, and the route read as useChat
// reads it (the UI message stream: server-sent events of typed parts).
import { execFileSync, spawn } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const env = { ...process.env, COMPUT3_API_KEY: '', PORT: '0' };

test('generateText and streamText', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'index.ts'], {
    encoding: 'utf8',
    timeout: 60_000,
    env,
  });
  assert.match(out, /^generateText: The Nile, the Amazon and the Yangtze/m);
  assert.match(out, /^ {2}\d+ \+ \d+ tokens$/m);
  assert.match(out, /^streamText: .*Paris is the capital of France/ms);
  assert.match(out, /^ {2}finish reason: stop$/m);
});

test('the useChat route streams the answer as UI message parts', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'route.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise((resolve, reject) => {
      child.stdout.on('data', (d) => {
        const found = /on (http:\/\/\S+)/.exec(String(d));
        if (found) resolve(found[1]);
      });
      child.on('exit', (code) => reject(new Error(`route.ts exited with ${code}`)));
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [
          { id: 'm1', role: 'user', parts: [{ type: 'text', text: 'Name three rivers' }] },
        ],
      }),
    });
    assert.equal(response.status, 200);
    const events = (await response.text())
      .split('\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => JSON.parse(l.slice(6)));
    const text = events
      .filter((e) => e.type === 'text-delta')
      .map((e) => e.delta)
      .join('');
    assert.match(text, /The Nile, the Amazon and the Yangtze/);
    assert.ok(events.some((e) => e.type === 'finish'));
  } finally {
    child.kill();
  }
});
