// The demo put where others can reach it: DNS rebinding, upstream headers and bytes relayed to
// the page, fields the page adds. Each against real sockets and an upstream the test starts.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allowed, hostname } from '../src/allowed-hosts.js';
import { retryAfterSeconds } from '../src/errors.js';
import { startDemo, type Demo } from '../src/index.js';

const KEY = 'sk-live-ECHOED-KEY-0123456789abcdef';

/**
 * A hostile upstream: it answers what `next` says, and records every request body.
 */
let next: (res: import('node:http').ServerResponse) => void;
const bodies: unknown[] = [];
let upstream: Server;
let demo: Demo;
beforeAll(async () => {
  upstream = createServer(async (req, res) => {
    let body = '';
    for await (const part of req) body += part;
    bodies.push(JSON.parse(body || 'null'));
    next(res);
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const { port } = upstream.address() as AddressInfo;
  demo = await startDemo({
    apiKey: KEY,
    baseURL: `http://127.0.0.1:${port}/v1`,
    chatsPerMinute: false,
    allowedHosts: ['chat.example.test', '.corp.test'],
  });
});
afterAll(async () => {
  await demo.close();
  upstream.closeAllConnections();
  await new Promise((r) => upstream.close(r));
});

/** A request with any Host header (fetch will not set one). */
function send(
  path: string,
  { host, body }: { host?: string; body?: unknown } = {},
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const url = new URL(path, demo.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          ...(host !== undefined ? { host } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
      },
      async (res) => {
        let text = '';
        for await (const part of res) text += part;
        resolve({ status: res.statusCode!, headers: res.headers, text });
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const chat = { model: 'kimi-k2', messages: [{ role: 'user', content: 'hi' }] };

/** An upstream answer: a stream whose events are written in the pieces given. */
const streamOf = (pieces: string[]) => (res: import('node:http').ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const p of pieces) res.write(p);
  res.end();
};
const event = (content: string, finish: string | null = null) =>
  `data: ${JSON.stringify({
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'kimi-k2',
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  })}\n\n`;

describe('DNS rebinding', () => {
  test('a foreign Host gets 403 on the API and the page; loopback, IPs and listed names pass', async () => {
    next = streamOf([event('ok', 'stop'), 'data: [DONE]\n\n']);
    const port = new URL(demo.url).port;
    for (const host of [`attacker.example:${port}`, 'attacker.example', 'chat.example.test.evil']) {
      const answer = await send('/api/chat/completions', { host, body: chat });
      expect(answer.status, host).toBe(403);
      expect(answer.text).toContain('ALLOWED_HOSTS');
      expect((await send('/', { host })).status).toBe(403);
      expect((await send('/api/config', { host })).status).toBe(403);
    }
    const before = bodies.length;
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      `10.1.2.3:${port}`,
      'chat.example.test',
      'a.b.corp.test',
      'corp.test',
    ]) {
      expect((await send('/api/config', { host })).status, host).toBe(200);
    }
    expect((await send('/api/chat/completions', { host: 'localhost', body: chat })).status).toBe(
      200,
    );
    expect(bodies.length).toBe(before + 1); // the refused ones never reached the upstream
  });

  test('hostname() and allowed() read Host headers strictly', () => {
    expect(hostname('LocalHost:5173')).toBe('localhost');
    expect(hostname('[::1]:80')).toBe('::1');
    expect(hostname('example.com.')).toBe('example.com');
    expect(hostname('a b')).toBeUndefined();
    expect(hostname('evil.test@localhost')).toBeUndefined();
    expect(allowed('app.localhost', [])).toBe(true);
    expect(allowed('localhost.evil.test', [])).toBe(false);
    expect(allowed('evilcorp.test', ['.corp.test'])).toBe(false);
  });

  test('in Chromium, a name rebound to 127.0.0.1 is refused, a listed one served', async () => {
    const port = new URL(demo.url).port;
    const { chromium } = await import('playwright-core');
    const { CHROMIUM } = await import('./browser.js');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        // What a rebinding attack achieves: the attacker's name resolves to the operator's machine.
        '--host-resolver-rules=MAP attacker.example 127.0.0.1, MAP chat.example.test 127.0.0.1',
      ],
    });
    try {
      const page = await browser.newPage();
      const refused = await page.goto(`http://attacker.example:${port}/`);
      expect(refused!.status()).toBe(403);
      expect(await page.textContent('body')).toContain('does not answer to the host name');
      const status = await page.evaluate(async () => {
        const r = await fetch('/api/chat/completions', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'kimi-k2', messages: [{ role: 'user', content: 'x' }] }),
        });
        return r.status;
      });
      expect(status).toBe(403);
      const served = await page.goto(`http://chat.example.test:${port}/`);
      expect(served!.status()).toBe(200);
      await page.waitForSelector('body[data-ready="true"]');
    } finally {
      await browser.close();
    }
  });
});

describe('what the upstream sends back', () => {
  test('Retry-After is clamped to 1..60 s, and an HTTP date is read', async () => {
    const cases: [string, string][] = [
      ['-5', '1'],
      ['999999', '60'],
      ['2.2', '3'],
      [new Date(Date.now() + 20_000).toUTCString(), '20'],
    ];
    for (const [given, expected] of cases) {
      next = (res) => {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': given });
        res.end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit' } }));
      };
      const answer = await send('/api/chat/completions', { body: chat });
      expect(answer.status).toBe(429);
      // A date is read against the clock: it may be a second less by the time it is read.
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(Number(expected) - 1);
      expect(Number(answer.headers['retry-after'])).toBeLessThanOrEqual(Number(expected));
      expect(JSON.parse(answer.text).error.message).toContain(`${answer.headers['retry-after']} s`);
    }
    expect(retryAfterSeconds('soon')).toBeUndefined();
    expect(retryAfterSeconds(null)).toBeUndefined();
  });

  test('a key the upstream echoes is taken out of the relayed bytes, even split across writes', async () => {
    const half = KEY.length / 2;
    const echo = `data: ${JSON.stringify({
      id: 'c1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'kimi-k2',
      choices: [{ index: 0, delta: { content: `your key is ${KEY}.` }, finish_reason: null }],
    })}\n\n`;
    const at = echo.indexOf(KEY) + half;
    next = streamOf([
      event('Hello. '),
      echo.slice(0, at),
      echo.slice(at),
      event(`and again ${KEY.slice(0, 5)}`),
      event(`${KEY.slice(5)} end`, 'stop'),
      'data: [DONE]\n\n',
    ]);
    const answer = await send('/api/chat/completions', { body: chat });
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain(KEY);
    expect(answer.text).toContain('your key is [redacted].');
    expect(answer.text).toContain('data: [DONE]');
    // A key split across two events is not one string in the answer: nothing to take out.
    expect(answer.text).toContain(KEY.slice(0, 5));
  });
});

describe('what the page sends', () => {
  test('each message is rebuilt from role and content; other roles are refused', async () => {
    next = streamOf([event('ok', 'stop'), 'data: [DONE]\n\n']);
    const answer = await send('/api/chat/completions', {
      body: {
        ...chat,
        user: 'someone',
        tools: [{ type: 'function', function: { name: 'x' } }],
        messages: [
          { role: 'system', content: 'be brief', name: 'boss' },
          {
            role: 'assistant',
            content: 'fine',
            tool_calls: [{ id: 't', type: 'function', function: { name: 'x', arguments: '{}' } }],
          },
          { role: 'user', content: 'hi', extra: { nested: true } },
        ],
      },
    });
    expect(answer.status).toBe(200);
    const sent = bodies.at(-1) as Record<string, unknown>;
    expect(sent.messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'assistant', content: 'fine' },
      { role: 'user', content: 'hi' },
    ]);
    expect(Object.keys(sent).sort()).toEqual(['messages', 'model', 'stream', 'stream_options']);

    const before = bodies.length;
    const tool = await send('/api/chat/completions', {
      body: { ...chat, messages: [{ role: 'tool', content: 'x', tool_call_id: 't' }] },
    });
    expect(tool.status).toBe(400);
    expect(JSON.parse(tool.text).error.param).toBe('messages[0].role');
    expect(bodies.length).toBe(before);
  });
});

describe('offline', () => {
  test('no rate limit against the local mock: nothing is paid for', async () => {
    const offline = await startDemo({ apiKey: undefined, mock: { pace: 'instant' } });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 25 }, () =>
          fetch(new URL('/api/chat/completions', offline.url), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(chat),
          }).then(async (r) => (await r.text(), r.status)),
        ),
      );
      expect(statuses.filter((x) => x !== 200)).toEqual([]);
    } finally {
      await offline.close();
    }
  });
});

describe('telemetry', () => {
  test('with OTEL_EXPORTER_OTLP_ENDPOINT set, each upstream call is a span sent to the collector', async () => {
    const spans: { name: string; attributes: { key: string }[] }[] = [];
    const collector = createServer(async (req, res) => {
      let body = '';
      for await (const part of req) body += part;
      for (const rs of JSON.parse(body).resourceSpans)
        for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    const saved = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const traced = await startDemo({ apiKey: undefined, mock: { pace: 'instant' } });
    try {
      const answer = await fetch(new URL('/api/chat/completions', traced.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(chat),
      });
      await answer.text();
    } finally {
      await traced.close(); // sends what is batched
      if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved;
      await new Promise((r) => collector.close(r));
    }
    expect(spans.map((s) => s.name)).toEqual(['chat kimi-k2']);
    // The relay passes the bytes on unparsed: the span has the call's model and timings, no tokens.
    expect(spans[0]!.attributes.map((a) => a.key)).toContain('gen_ai.response.model');
    expect((spans[0] as unknown as { status: { code?: number } }).status.code ?? 0).not.toBe(2);
  });
});
