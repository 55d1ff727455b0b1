// The API key stays on the server: not in the built page, not in anything the browser sees.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockServer, type MockServer } from '@comput3/mock';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDemo, type Demo } from '../src/index.js';
import { launch } from './browser.js';

const KEY = 'sk-live-DEMO-SECRET-7f3a9c';
let upstream: MockServer;
let demo: Demo;
beforeAll(async () => {
  // A "live" demo: the key is real as far as the upstream is concerned (it accepts only this one).
  upstream = await startMockServer({ apiKeys: [KEY] });
  demo = await startDemo({ apiKey: KEY, baseURL: upstream.url, chatsPerMinute: false });
});
afterAll(async () => {
  await demo.close();
  await upstream.close();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('the API key', () => {
  test('is not in the client bundle, even when built with the key in the environment', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'demo-build-'));
    const saved = process.env.COMPUT3_API_KEY;
    process.env.COMPUT3_API_KEY = KEY;
    try {
      await build({
        configFile: new URL('../vite.config.ts', import.meta.url).pathname,
        root: new URL('../client', import.meta.url).pathname,
        build: { outDir, emptyOutDir: true },
        logLevel: 'silent',
      });
    } finally {
      if (saved === undefined) delete process.env.COMPUT3_API_KEY;
      else process.env.COMPUT3_API_KEY = saved;
    }
    const files = filesUnder(outDir);
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain(KEY);
  });

  test('is in no request, response or page the browser sees, in live mode', async () => {
    const browser = await launch();
    const traffic: string[] = [];
    try {
      const page = await browser.newPage();
      page.on('request', (r) =>
        traffic.push(r.url(), JSON.stringify(r.headers()), r.postData() ?? ''),
      );
      page.on('response', async (r) => {
        traffic.push(JSON.stringify(r.headers()));
        traffic.push(await r.text().catch(() => ''));
      });
      await page.goto(demo.url);
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.textContent('[data-testid="mode"]')).toBe('live API');
      await page.fill('[data-testid="prompt"]', 'Is the key safe?');
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.locator('[data-testid="assistant"]').last().getAttribute('data-state'))
        .toBe('done');
      // An upstream failure too: its error must not carry the key either.
      upstream.injectFaults('status=401');
      await page.fill('[data-testid="prompt"]', 'and now?');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.isVisible('[data-testid="error"]')).toBe(true);
      traffic.push(await page.content());
    } finally {
      await browser.close();
    }
    const seen = traffic.join('\n');
    expect(seen).toContain('Is the key safe?'); // the recording did capture the exchange
    expect(seen).toContain('refused the demo server');
    expect(seen).not.toContain(KEY);
    expect(upstream.requests.filter((r) => r.status === 200).length).toBeGreaterThan(0); // the key did work upstream
  });
});
