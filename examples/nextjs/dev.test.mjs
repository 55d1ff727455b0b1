// The README's `pnpm dev` as a person runs it: `next dev` on 127.0.0.1, the page opened at the
// address it prints, a question sent and answered (the page is not reloaded), the server on
// loopback only, and the checkout left as it was. The server and the browser are started here
// and always stopped.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { freePort, stopWithTest } from './servers.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Compiling on first request takes a while on a busy machine: waits are for events, bounded.
const LONG = { timeout: 300_000 };
let server,
  base,
  port,
  browser,
  output = '';
const checkout = () =>
  execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '.'], {
    encoding: 'utf8',
  });
let before_ = '';

before(async () => {
  before_ = checkout();
  // The README runs the package's dev script; this is that script, on a free port.
  const script = JSON.parse(readFileSync('package.json', 'utf8')).scripts.dev;
  assert.equal(script, 'next dev -H 127.0.0.1');
  port = await freePort();
  server = spawn(
    process.execPath,
    ['node_modules/next/dist/bin/next', 'dev', '-H', '127.0.0.1', '-p', String(port)],
    {
      env: { ...process.env, COMPUT3_API_KEY: '', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that stopping it stops what it started.
      detached: true,
    },
  );
  stopWithTest(server);
  server.stdout.on('data', (d) => (output += d));
  server.stderr.on('data', (d) => (output += d));
  await new Promise((resolve, reject) => {
    const ready = () => /Ready in/.test(output) && resolve();
    server.stdout.on('data', ready);
    server.on('exit', (code) => reject(new Error(`next dev exited with ${code}:\n${output}`)));
  });
  base = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
}, LONG);

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    process.kill(-server.pid, 'SIGTERM');
    await exited;
  }
});

test(
  'opened at the address it prints, the page answers, and Send does not reload it',
  LONG,
  async () => {
    assert.match(output, new RegExp(`http://127\\.0\\.0\\.1:${port}`));
    const page = await browser.newPage();
    page.on('pageerror', (e) => assert.fail(e.message));
    await page.goto(base);
    // The client code runs (the button is enabled once React has hydrated the page).
    await page.locator('button:text("Send"):not([disabled])').waitFor(LONG);
    await page.evaluate(() => (window.stillHere = true));
    await page.click('button:text("Send")');
    await page
      .locator('[data-role="assistant"]')
      .last()
      .filter({ hasText: 'Yangtze' })
      .waitFor(LONG);
    assert.equal(await page.evaluate(() => window.stillHere), true, 'the page was reloaded');
    await page.close();
  },
);

test('it listens on loopback only', async (t) => {
  const outside = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  if (!outside) return t.skip('this machine has no address but loopback');
  const reached = await new Promise((resolve) => {
    const socket = connect(port, outside)
      .once('connect', () => (socket.destroy(), resolve(true)))
      .once('error', () => resolve(false));
  });
  assert.equal(reached, false, `next dev answers on ${outside}:${port}`);
});

test('the checkout is left as it was (no AGENTS.md, no rewritten files)', () => {
  assert.equal(checkout(), before_);
});
