// The page in Chromium, as a person uses it: ask, read the streamed answer, stop one half-way.
// The server (and its mock) are started here and always stopped.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let server, url, browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: apt-get install chromium`);
  server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: { ...process.env, COMPUT3_API_KEY: '', PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const found = /on (http:\/\/\S+)/.exec(out);
      if (found) resolve(found[1]);
    });
    server.on('exit', (code) => reject(new Error(`server.ts exited with ${code}`)));
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

async function open() {
  const page = await browser.newPage();
  const sent = [];
  page.on('request', (r) => sent.push({ url: r.url(), auth: r.headers().authorization }));
  page.on('pageerror', (e) => assert.fail(e.message));
  await page.goto(url);
  return { page, sent };
}

test('the answer streams into the page, with its figures, through the relay', async () => {
  const { page, sent } = await open();
  await page.fill('#prompt', 'Name three rivers');
  await page.click('#send');
  await page.waitForFunction(() => /tokens\/s/.test(document.getElementById('status').textContent));
  assert.match(await page.textContent('#answer'), /the Nile, the Amazon and the Yangtze/i);
  // Every request went to this site; none carried a real key.
  assert.ok(sent.every((r) => r.url.startsWith(url)));
  assert.deepEqual([...new Set(sent.map((r) => r.auth).filter(Boolean))], ['Bearer unused']);
  await page.close();
});

test('Stop ends the answer where it is, and the page can ask again', async () => {
  const { page } = await open();
  await page.fill('#prompt', 'Explain server-sent events step by step');
  await page.click('#send');
  await page.waitForFunction(() => document.getElementById('answer').textContent.length > 0);
  await page.click('#stop');
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Stopped.');
  const kept = await page.textContent('#answer');
  assert.ok(kept.length > 0);
  assert.equal(await page.isEnabled('#send'), true);
  await page.fill('#prompt', 'Name three rivers');
  await page.click('#send');
  await page.waitForFunction(() => /tokens\/s/.test(document.getElementById('status').textContent));
  await page.close();
});

test('a page of another site cannot spend the key: its no-cors text/plain POST is refused', async () => {
  // The attack: any web page the user visits posts to the relay without a preflight.
  const relay = `${url}/api/chat/completions`;
  const attacker = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<script>
      fetch(${JSON.stringify(relay)}, { mode: 'no-cors', method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ model: 'kimi-k2', messages: [{ role: 'user', content: 'spend' }] }) });
    </script>`);
  });
  await new Promise((resolve) => attacker.listen(0, 'localhost', resolve));
  const page = await browser.newPage();
  try {
    const answered = page.waitForResponse((r) => r.url() === relay);
    await page.goto(`http://localhost:${attacker.address().port}/`);
    // Playwright sees the real status of the opaque response.
    assert.equal((await answered).status(), 403);
  } finally {
    await page.close();
    await new Promise((resolve) => attacker.close(resolve));
  }
});
