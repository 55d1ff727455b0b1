// The demo server's upstream calls honour a proxy and a private CA; the page sees none of it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMockServer, type MockServer } from '@comput3/mock';
import { createProxy, type ProxyServer } from 'proxy';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startDemo, type Demo } from '../src/index.js';

let upstream: MockServer;
let proxy: ProxyServer;
let demo: Demo;
const connects: string[] = [];

beforeAll(async () => {
  upstream = await startMockServer({ tls: true });
  proxy = createProxy(createServer());
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxy.on('connect', (req) => connects.push(req.url ?? ''));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  demo = await startDemo({
    apiKey: 'sk-demo-network-test',
    baseURL: upstream.url,
    chatsPerMinute: false,
    network: { ca: upstream.ca!, env: { HTTPS_PROXY: proxyUrl } },
  });
});
afterAll(async () => {
  await demo?.close();
  await upstream?.close();
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
});

test('a chat goes through the proxy to the HTTPS API, trusting the CA given', async () => {
  const res = await fetch(`${demo.url}api/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'kimi-k2', messages: [{ role: 'user', content: 'proxied?' }] }),
  });
  const text = await res.text();
  expect(res.status).toBe(200);
  expect(text).toContain('data: [DONE]');
  expect(text).not.toContain(String((proxy.address() as AddressInfo).port));
  expect(connects).toEqual([new URL(upstream.url).host]);
});
