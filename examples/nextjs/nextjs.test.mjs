// The built app (`next build` is this package's build) started as in production, then used:
// the route handler streamed and read back with the SDK, and the page in Chromium, asking and
// stopping. The server and the browser are started here and always stopped.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatCompletionStream } from '@comput3/core';
import { chromium } from 'playwright-core';
import { freePort } from './servers.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let server, base, browser;

before(async () => {
  assert.ok(existsSync('.next/BUILD_ID'), 'run `next build` first (pnpm build)');
  assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: apt-get install chromium`);
  const port = await freePort();
  server = spawn(
    process.execPath,
    ['node_modules/next/dist/bin/next', 'start', '-H', '127.0.0.1', '-p', String(port)],
    {
      env: { ...process.env, COMPUT3_API_KEY: '', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      if (/Ready in/.test(out)) resolve();
    });
    server.on('exit', (code) => reject(new Error(`next start exited with ${code}:\n${out}`)));
  });
  base = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

test('the route handler streams an answer the SDK reads whole', async () => {
  const response = await fetch(`${base}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Name three rivers' }] }),
  });
  assert.equal(response.status, 200);
  const done = await ChatCompletionStream.fromReadableStream(response).finalCompletion();
  assert.match(done.choices[0].message.content, /the Nile, the Amazon and the Yangtze/i);
});

test('a request without messages is one clear 400', async () => {
  const response = await fetch(`${base}/api/chat`, { method: 'POST', body: '{}' });
  assert.equal(response.status, 400);
  assert.match((await response.json()).error.message, /needs "messages"/);
});

test('the page streams the answer in, remembers the conversation, and Stop stops', async () => {
  const page = await browser.newPage();
  page.on('pageerror', (e) => assert.fail(e.message));
  await page.goto(base);
  await page.click('button:text("Send")');
  const answer = page.locator('[data-role="assistant"]').last();
  await answer.filter({ hasText: 'Yangtze' }).waitFor();
  await page.locator('button:text("Stop")[disabled]').waitFor(); // the answer has ended
  // A second turn sends the whole conversation; a long one is stopped half-way.
  await page.fill('input', 'Explain server-sent events step by step');
  await page.click('button:text("Send")');
  await page
    .locator('[data-role="assistant"]')
    .nth(1)
    .filter({ hasText: /Model: \S/ })
    .waitFor();
  await page.click('button:text("Stop")');
  await page.locator('button:text("Stop")[disabled]').waitFor();
  // No error shown (Next.js has a role=alert of its own, its route announcer: ours is a <p>).
  assert.equal(await page.locator('p[role="alert"]').count(), 0);
  assert.equal(await page.locator('[data-role="user"]').count(), 2);
  await page.close();
});
