// The demo server under hostile requests, over real sockets: each answered with the right
// status, and nothing reaching an upstream it should not.
import { connect } from 'node:net';
import { request } from 'node:http';
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDemo, type Demo } from '../src/index.js';

let upstream: MockServer;
let evil: MockServer;
let demo: Demo;
beforeAll(async () => {
  upstream = await startMockServer();
  evil = await startMockServer(); // where an attacker would like requests to go
  demo = await startDemo({
    apiKey: 'sk-attack-test-key',
    baseURL: upstream.url,
    chatsPerMinute: 1000,
  });
});
afterAll(async () => {
  await demo.close();
  await upstream.close();
  await evil.close();
});

const hello = { model: 'kimi-k2', messages: [{ role: 'user', content: 'hi' }] };

/** A raw HTTP/1.1 exchange (sent with Connection: close), for requests fetch refuses to send. */
function raw(text: string): Promise<string> {
  const url = new URL(demo.url);
  return new Promise((resolve, reject) => {
    // Written, not ended: a half-closed socket reads as a client that went away.
    const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
    let out = '';
    socket.on('data', (d) => (out += d));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('demo server attacks', () => {
  test('an oversized body is a 413, declared or streamed, and never goes upstream', async () => {
    const before = upstream.requests.length;
    const big = JSON.stringify({
      ...hello,
      messages: [{ role: 'user', content: 'x'.repeat(200_000) }],
    });
    const declared = await fetch(`${demo.url}api/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
    // Chunked, with no Content-Length to trust.
    const chunked = await new Promise<number>((resolve) => {
      const req = request(
        `${demo.url}api/chat/completions`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', () => resolve(-1));
      for (let i = 0; i < 20; i++) req.write('x'.repeat(10_000));
      req.end();
    });
    expect(chunked).toBe(413);
    expect(upstream.requests.length).toBe(before);
  });

  test('malformed JSON is a 400; a wrong content type a 415', async () => {
    const before = upstream.requests.length;
    for (const [type, body, status] of [
      ['application/json', '{"model": "kimi-k2", "messages": [', 400],
      ['application/json', '"just a string"', 400],
      ['text/plain', JSON.stringify(hello), 415],
      ['application/x-www-form-urlencoded', 'model=kimi-k2', 415],
      ['multipart/form-data; boundary=x', '--x--', 415],
    ] as const) {
      const res = await fetch(`${demo.url}api/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
      expect(res.status, type).toBe(status);
      expect((await res.json()).error.message).toBeTypeOf('string');
    }
    expect(upstream.requests.length).toBe(before);
  });

  test('the page cannot send the request anywhere else, by body, header or query', async () => {
    const target = evil.url;
    const res = await fetch(
      `${demo.url}api/chat/completions?baseURL=${encodeURIComponent(target)}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-host': new URL(target).host,
          'x-mock-fault': 'status=500',
        },
        body: JSON.stringify({
          ...hello,
          baseURL: target,
          base_url: target,
          url: `${target}/chat/completions`,
          headers: { host: 'evil' },
        }),
      },
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('data: [DONE]');
    const rawRes = await raw(
      `POST /api/chat/completions HTTP/1.1\r\nHost: ${new URL(target).host}\r\nContent-Type: application/json\r\nContent-Length: ${JSON.stringify(hello).length}\r\nConnection: close\r\n\r\n${JSON.stringify(hello)}`,
    );
    expect(rawRes).toMatch(/^HTTP\/1\.1 200/);
    expect(evil.requests).toHaveLength(0);
    expect(upstream.requests.at(-1)!.fault).toBeUndefined(); // the browser's fault header was not forwarded
  });

  test('header injection is refused before anything runs', async () => {
    const before = upstream.requests.length;
    const body = JSON.stringify(hello);
    const res = await raw(
      `POST /api/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Evil: a\rInjected: yes\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(res).toMatch(/^HTTP\/1\.1 400/);
    // A CRLF smuggled inside a JSON field stays data: the model id is simply unknown upstream.
    const smuggled = await fetch(`${demo.url}api/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...hello, model: 'kimi-k2\r\nAuthorization: Bearer stolen' }),
    });
    expect(smuggled.status).toBe(400);
    expect((await smuggled.json()).error.message).toContain('does not exist');
    expect(upstream.requests.length).toBe(before + 1);
  });

  test('no file outside the page can be read', async () => {
    for (const path of [
      '/../package.json',
      '/%2e%2e/%2e%2e/package.json',
      '/..%2fserver%2fmain.js',
      '/assets/../../server/main.js',
    ]) {
      const res = await raw(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      expect(res, path).toMatch(/^HTTP\/1\.1 (400|404)/);
      expect(res, path).not.toContain('"dependencies"');
      expect(res, path).not.toContain('startDemo');
    }
  });

  test('a flood is cut off at the rate limit, spoofed addresses or not', async () => {
    const strict = await startDemo({
      apiKey: 'sk-attack-test-key',
      baseURL: upstream.url,
      chatsPerMinute: 5,
    });
    try {
      const before = upstream.requests.length;
      const statuses = [];
      for (let i = 0; i < 20; i++) {
        const res = await fetch(`${strict.url}api/chat/completions`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': `10.0.0.${i}`,
            'x-real-ip': `10.0.1.${i}`,
          },
          body: JSON.stringify(hello),
        });
        statuses.push(res.status);
        if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        await res.text();
      }
      expect(statuses).toEqual([...Array(5).fill(200), ...Array(15).fill(429)]);
      expect(upstream.requests.length - before).toBe(5);
    } finally {
      await strict.close();
    }
  });
});
