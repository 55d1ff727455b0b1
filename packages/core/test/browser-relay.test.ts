// The README's browser recipe, in headless Chromium: the page runs @comput3/core with a relative
// baseURL, through a relay route on the page's own server; and it reads a relayed stream with
// fromReadableStream(). The relay is the SDK on the server (toResponse), the upstream the mock.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { replyText, startMockServer, type MockServer } from '@comput3/mock';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Comput3 } from '../src/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PROMPT = 'hello from the page';

// What a user writes in their page: the SDK through the relay, then the relay read by hand.
const PAGE = `
import { Comput3, ChatCompletionStream } from '@comput3/core';
const messages = [{ role: 'user', content: ${JSON.stringify(PROMPT)} }];
const client = new Comput3({ baseURL: '/api', apiKey: 'unused', dangerouslyAllowBrowser: true });
const viaSdk = await (await client.chat.completions.create({ model: 'kimi-k2', messages, stream: true })).finalCompletion();
const response = await fetch('/api/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'kimi-k2', messages, stream: true }) });
let viaFetch = '';
for await (const text of ChatCompletionStream.fromReadableStream(response).text()) viaFetch += text;
window.result = { baseURL: client.baseURL, viaSdk: viaSdk.choices[0].message.content, viaFetch };
`;

let mock: MockServer;
let server: Server;
let browser: Browser;
let origin: string;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: apt-get install chromium`);
  mock = await startMockServer();
  const upstream = new Comput3({ apiKey: 'sk-browser-relay', baseURL: mock.url });
  const bundle = await build({
    stdin: { contents: PAGE, resolveDir: new URL('..', import.meta.url).pathname, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'error',
  });
  const js = bundle.outputFiles[0]!.text;
  server = createServer(async (req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<!doctype html><script type="module" src="/page.js"></script>');
    }
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(js);
    }
    if (req.url === '/api/chat/completions' && req.method === 'POST') {
      let body = '';
      for await (const piece of req) body += piece;
      const { model, messages } = JSON.parse(body);
      const stream = await upstream.chat.completions.create({ model, messages, stream: true });
      const response = stream.toResponse({ raw: true });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      return Readable.fromWeb(response.body as never).pipe(res);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
});
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  server?.close();
  await mock?.close();
});

test('a relative baseURL in a page, through a relay; and fromReadableStream() on the relay', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(origin);
  const result = await page.waitForFunction(() => (window as { result?: unknown }).result, null, {
    timeout: 20_000,
  });
  const { baseURL, viaSdk, viaFetch } = (await result.jsonValue()) as Record<string, string>;
  const expected = await replyText('kimi-k2', [{ role: 'user', content: PROMPT }]);
  expect(errors).toEqual([]);
  expect(baseURL).toBe(`${origin}/api`);
  expect(viaSdk).toBe(expected);
  expect(viaFetch).toBe(expected);
});
