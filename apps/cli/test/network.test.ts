// comput3 behind a company network: a real HTTP proxy (the `proxy` package) that logs each
// CONNECT, and the mock over HTTPS with a CA made for the run. All on loopback.
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startMockServer, type MockServer } from '@comput3/mock';
import { createProxy, type ProxyServer } from 'proxy';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { home, reply, run } from './run.js';

const KEY = 'sk-cli-network-SECRET-77';
let mock: MockServer;
let proxy: ProxyServer;
let guarded: ProxyServer;
let caFile: string;
let deadPort: number;
const connects: string[] = [];

async function listen<T extends Server>(server: T): Promise<T> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

beforeAll(async () => {
  mock = await startMockServer({ tls: true, apiKeys: [KEY] });
  proxy = await listen(createProxy(createServer()));
  proxy.on('connect', (req) => connects.push(req.url ?? ''));
  guarded = await listen(createProxy(createServer()));
  guarded.authenticate = (req) =>
    req.headers['proxy-authorization'] === `Basic ${Buffer.from('bob:right').toString('base64')}`;
  const spare = await listen(createServer());
  deadPort = (spare.address() as AddressInfo).port;
  await new Promise((resolve) => spare.close(resolve));
  caFile = join(home().config, '..', 'ca.pem');
  writeFileSync(caFile, mock.ca!);
});
afterAll(async () => {
  await mock?.close();
  for (const server of [proxy, guarded]) {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  }
});
beforeEach(() => {
  connects.length = 0;
});

const env = (extra: NodeJS.ProcessEnv = {}) =>
  home({ COMPUT3_API_KEY: KEY, COMPUT3_BASE_URL: mock.url, ...extra }).env;
const host = () => new URL(mock.url).host;

describe('comput3 through a proxy', () => {
  test('HTTPS_PROXY and NODE_EXTRA_CA_CERTS: the answer, and the proxy saw the CONNECT', async () => {
    const r = await run(
      ['--no-save', 'via proxy'],
      env({ HTTPS_PROXY: urlOf(proxy), NODE_EXTRA_CA_CERTS: caFile }),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${await reply('hermes4:70b', 'via proxy')}\n`);
    expect(connects).toEqual([host()]);
  });

  test('lower-case https_proxy, --ca-file, and streaming off', async () => {
    const r = await run(
      ['--no-save', '--no-stream', '--ca-file', caFile, 'lower case'],
      env({ https_proxy: urlOf(proxy) }),
    );
    expect(r.code).toBe(0);
    expect(connects).toEqual([host()]);
  });

  test('config set proxy and ca-file are remembered, and beat HTTPS_PROXY', async () => {
    const h = home({
      COMPUT3_API_KEY: KEY,
      COMPUT3_BASE_URL: mock.url,
      HTTPS_PROXY: `http://127.0.0.1:${deadPort}`,
    });
    expect((await run(['config', 'set', 'proxy', urlOf(proxy)], h.env)).code).toBe(0);
    expect((await run(['config', 'set', 'ca-file', caFile], h.env)).code).toBe(0);
    expect((await run(['--no-save', 'from config'], h.env)).code).toBe(0);
    expect(connects).toEqual([host()]);
    const shown = (await run(['config', 'get'], h.env)).stdout;
    expect(shown).toContain(`proxy = ${urlOf(proxy)}`);
    expect(shown).toContain(`ca-file = ${caFile}`);
  });

  test('NO_PROXY covering the host: straight there, no CONNECT', async () => {
    const r = await run(
      ['--no-save', 'direct'],
      env({ HTTPS_PROXY: urlOf(proxy), NO_PROXY: '127.0.0.1', NODE_EXTRA_CA_CERTS: caFile }),
    );
    expect(r.code).toBe(0);
    expect(connects).toEqual([]);
  });

  test('without the CA: exit 5, one line naming the untrusted authority and the fix', async () => {
    const r = await run(['--no-save', 'no ca'], env({ HTTPS_PROXY: urlOf(proxy) }));
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(
      'is signed by an authority this machine does not trust (SELF_SIGNED_CERT_IN_CHAIN)',
    );
    expect(r.stderr).toContain('NODE_EXTRA_CA_CERTS=/path/to/ca.pem');
  });

  test('a proxy that wants a password: the 407 line, exit 5, and the password is never printed', async () => {
    const proxyUrl = urlOf(guarded).replace('//', '//bob:not-the-password-42@');
    const r = await run(['--no-save', '--proxy', proxyUrl, '--ca-file', caFile, 'hi'], env());
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('the proxy requires authentication (407');
    expect(`${r.stdout}${r.stderr}`).not.toContain('not-the-password-42');
    const h = home({ COMPUT3_API_KEY: KEY, COMPUT3_BASE_URL: mock.url });
    await run(['config', 'set', 'proxy', proxyUrl], h.env);
    const shown = await run(['config', 'get', 'proxy'], h.env);
    expect(shown.stdout).toBe(`proxy = ${urlOf(guarded).replace('//', '//bob:***@')}\n`);
  });

  test('a dead proxy port: exit 5, connection refused at that address', async () => {
    const r = await run(
      ['--no-save', '--retries', '0', 'hi'],
      env({ HTTPS_PROXY: `http://127.0.0.1:${deadPort}`, NODE_EXTRA_CA_CERTS: caFile }),
    );
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`connection refused by 127.0.0.1:${deadPort} (ECONNREFUSED)`);
  });

  test('bad settings are one clear line, and nothing is sent', async () => {
    const missing = await run(['--no-save', '--ca-file', '/nope.pem', 'hi'], env());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--ca-file /nope.pem cannot be read (ENOENT)');
    const h = home();
    const bad = await run(['config', 'set', 'proxy', 'proxy.corp:3128'], h.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('proxy must be an http:// or https:// URL');
    expect(connects).toEqual([]);
  });
});
