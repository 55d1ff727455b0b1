// Proxies, private CAs and TLS failures, with real parts on loopback: the mock over HTTPS with a
// CA made for the run, and a real HTTP proxy (the `proxy` package) that logs each CONNECT.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMockServer, type MockServer } from '@comput3/mock';
import { createProxy, type ProxyServer } from 'proxy';
import { ProxyAgent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { APIConnectionError, Comput3, isRetryableError, type ClientOptions } from '../src/index.js';
import { networkFetch } from '../src/node.js';

let mock: MockServer;
let misnamed: MockServer;
let proxy: ProxyServer;
let guarded: ProxyServer;
let closedPort: number;
const connects: string[] = [];
const ask = { model: 'kimi-k2', messages: [{ role: 'user' as const, content: 'through?' }] };

async function listen<T extends Server>(server: T): Promise<T> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

beforeAll(async () => {
  mock = await startMockServer({ tls: true });
  misnamed = await startMockServer({ tls: { hosts: ['api.elsewhere.example'] } });
  proxy = await listen(createProxy(createServer()));
  proxy.on('connect', (req) => connects.push(req.url ?? ''));
  guarded = await listen(createProxy(createServer()));
  guarded.authenticate = (req) =>
    req.headers['proxy-authorization'] ===
    `Basic ${Buffer.from('alice:s3cret-proxy-pass').toString('base64')}`;
  const spare = await listen(createServer());
  closedPort = (spare.address() as AddressInfo).port;
  await new Promise((resolve) => spare.close(resolve));
});
afterAll(async () => {
  await Promise.all([mock?.close(), misnamed?.close()]);
  for (const server of [proxy, guarded]) {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  }
});
beforeEach(() => {
  connects.length = 0;
});

const client = (fetch: ClientOptions['fetch'], baseURL = mock.url) =>
  new Comput3({ apiKey: 'sk-network-test', baseURL, maxRetries: 2, ...(fetch ? { fetch } : {}) });
const mockHost = () => new URL(mock.url).host;

describe('through an HTTP proxy to the HTTPS API', () => {
  test('fetchOptions with a ProxyAgent and the CA trusted: success, and the proxy saw the CONNECT', async () => {
    const c = new Comput3({
      apiKey: 'sk-network-test',
      baseURL: mock.url,
      fetchOptions: {
        dispatcher: new ProxyAgent({ uri: urlOf(proxy), requestTls: { ca: mock.ca } }),
      },
    });
    const answer = await c.chat.completions.create(ask);
    expect(answer.choices[0]?.message.content).toContain('Offline mock of kimi-k2');
    expect(connects).toEqual([mockHost()]);
    const stream = await c.chat.completions.create({ ...ask, stream: true });
    expect((await stream.finalCompletion()).choices[0]?.finish_reason).toBe('stop');
  });

  test('networkFetch() reads HTTPS_PROXY and trusts the CA file beside the system CAs', async () => {
    const fetch = await networkFetch({ ca: mock.ca, env: { HTTPS_PROXY: urlOf(proxy) } });
    const answer = await client(fetch).chat.completions.create(ask);
    expect(answer.choices).toHaveLength(1);
    expect(connects).toEqual([mockHost()]);
  });

  test('NO_PROXY covering the host goes direct: no CONNECT', async () => {
    const fetch = await networkFetch({
      ca: mock.ca,
      env: { https_proxy: urlOf(proxy), no_proxy: 'localhost,127.0.0.1' },
    });
    await client(fetch).chat.completions.create(ask);
    expect(connects).toEqual([]);
  });

  test('without the CA: one line that names the untrusted authority and the fix; not retried', async () => {
    const fetch = await networkFetch({ env: { HTTPS_PROXY: urlOf(proxy) } });
    const error = await client(fetch)
      .chat.completions.create(ask)
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toBe(
      `POST ${mock.url}/chat/completions failed: the TLS certificate of ${mockHost()} is signed by an authority this machine does not trust (SELF_SIGNED_CERT_IN_CHAIN): if your network inspects TLS, trust its CA: NODE_EXTRA_CA_CERTS=/path/to/ca.pem, or a CA in fetchOptions.`,
    );
    expect(connects).toHaveLength(1); // a certificate problem is not retried
    expect(error.permanent).toBe(true); // and says so, for callers that retry themselves
    expect(isRetryableError(error)).toBe(false);
  });

  test('a certificate for another host name says so', async () => {
    const fetch = await networkFetch({ ca: misnamed.ca, env: {} });
    const error = await client(fetch, misnamed.url)
      .models.list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain('is for another host name (ERR_TLS_CERT_ALTNAME_INVALID)');
  });

  test('a proxy that demands authentication: the 407 message, and the password is never shown', async () => {
    const wrong = `http://alice:wrong-pass-123@127.0.0.1:${(guarded.address() as AddressInfo).port}`;
    const fetch = await networkFetch({ ca: mock.ca, env: { HTTPS_PROXY: wrong } });
    const error = await client(fetch)
      .chat.completions.create(ask)
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain('the proxy requires authentication (407');
    expect(error.permanent).toBe(true);
    expect(`${error.message} ${String(error.cause?.message)}`).not.toContain('wrong-pass-123');
    const right = wrong.replace('wrong-pass-123', 's3cret-proxy-pass');
    const ok = await networkFetch({ ca: mock.ca, env: { HTTPS_PROXY: right } });
    expect((await client(ok).models.list()).length).toBeGreaterThan(0);
  });

  test('a dead proxy port: connection refused, naming the address', async () => {
    const fetch = await networkFetch({
      ca: mock.ca,
      env: { HTTPS_PROXY: `http://127.0.0.1:${closedPort}` },
    });
    const error = await client(fetch)
      .chat.completions.create(ask)
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain(`connection refused by 127.0.0.1:${closedPort} (ECONNREFUSED)`);
    expect(error.permanent).toBe(false); // the proxy may be back in a moment
  });

  test('networkFetch() with nothing configured leaves the global fetch in place', async () => {
    expect(await networkFetch({ env: {} })).toBeUndefined();
  });

  test('an unreadable CA file is one clear line', async () => {
    await expect(networkFetch({ caFile: '/nope/ca.pem', env: {} })).rejects.toThrow(
      'caFile /nope/ca.pem cannot be read (ENOENT): give the path of a PEM file of certificate authorities.',
    );
  });
});
