// A hostile OpenAI-compatible server on loopback, started here: every payload is one a real
// attacker (or a broken gateway) can send, and each test failed on the SDK before it was fixed.
// No clock is asserted on: a quadratic parser or regex shows as the test's own time-out.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import {
  APIConnectionError,
  BadRequestError,
  ChatCompletionStream,
  Comput3,
  InternalServerError,
  InvalidResponseError,
} from '../src/index.js';

const KEY = 'sk-live-HOSTILE-7e57k3y';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

interface Hostile {
  url: string;
  /** The requests it received, as `METHOD path`. */
  seen: string[];
  server: Server;
}

const open: { close(): void }[] = [];
afterEach(() => {
  for (const server of open.splice(0)) server.close();
});

async function hostile(handler: Handler, host = '127.0.0.1'): Promise<Hostile> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}`);
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  open.push({
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  });
  const { port } = server.address() as { port: number };
  return { url: `http://${host === '::1' ? '[::1]' : host}:${port}/v1`, seen, server };
}

const client = (url: string, options: ConstructorParameters<typeof Comput3>[0] = {}) =>
  new Comput3({ apiKey: KEY, baseURL: url, maxRetries: 2, ...options });

const ask = (extra: Record<string, unknown> = {}) => ({
  model: 'hermes4:70b',
  messages: [{ role: 'user' as const, content: 'hi' }],
  ...extra,
});
const streamed = { ...ask(), stream: true as const };

const chunk = (choices: unknown[]) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices })}\n\n`;

const completionBody = (choices: unknown[]) =>
  JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'm', choices });

const sse = (res: ServerResponse) =>
  res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'close' });

describe('error bodies', () => {
  test('200,000 "<" in an error body: read, cut and summarised at once (was 13 s here)', async () => {
    const server = await hostile((_req, res) => {
      res.writeHead(400, { 'content-type': 'text/html' });
      res.end('<'.repeat(200_000));
    });
    const error = await client(server.url)
      .chat.completions.create(ask())
      .catch((e) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toMatch(/failed with 400: <{20}/);
    expect(error.message.length).toBeLessThan(400);
  });

  test('an endless error body is read up to 64 KiB, and each retry reads no more', async () => {
    let sent = 0;
    const server = await hostile((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      const block = 'x'.repeat(64 * 1024);
      const pump = () => {
        while (sent < 2 ** 30 && res.write(block)) sent += block.length;
        if (sent >= 2 ** 30) res.end();
      };
      res.on('drain', pump);
      res.on('close', () => res.off('drain', pump));
      pump();
    });
    const error = await client(server.url, { maxRetries: 1 })
      .chat.completions.create(ask())
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.seen).toHaveLength(2);
    // What the server managed to push into socket buffers before the client hung up.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  test('a key echoed anywhere in an error is scrubbed from every field it keeps', async () => {
    const server = await hostile((_req, res) => {
      res.writeHead(400, {
        'content-type': 'application/json',
        'x-request-id': `req_${KEY}`,
        'x-echo': `Bearer ${KEY}`,
      });
      res.end(
        JSON.stringify({
          error: { message: `bad key ${KEY}`, type: KEY, param: KEY, code: KEY, [KEY]: [KEY] },
        }),
      );
    });
    const error = await client(server.url)
      .chat.completions.create(ask())
      .catch((e) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    for (const shown of [
      inspect(error, { depth: 10, showHidden: true }),
      JSON.stringify(error),
      String(error),
      JSON.stringify([error.param, error.code, error.type, error.requestId, error.error]),
      JSON.stringify([...error.headers]),
    ]) {
      expect(shown).not.toContain(KEY);
    }
    expect(error.param).toBe('[redacted]');
    expect(error.requestId).toBe('req_[redacted]');
  });
});

describe('streams', () => {
  test('one 40 MB line is refused at the cap, linear, and not retried', async () => {
    let written = 0;
    const server = await hostile((_req, res) => {
      sse(res);
      res.write('data: {"x":"');
      const block = 'a'.repeat(1024 * 1024);
      const pump = () => {
        while (written < 40 && res.write(block)) written++;
        if (written >= 40) res.end();
      };
      res.on('drain', pump);
      pump();
    });
    const stream = await client(server.url, {
      maxEventSize: 4 * 1024 * 1024,
    }).chat.completions.create(streamed);
    const error = await stream.finalCompletion().catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(/over 4194304 characters, the maxEventSize option/);
    expect(server.seen).toHaveLength(1);
  });

  test('an endless answer is an InvalidResponseError at maxResponseSize, though each chunk was dropped', async () => {
    const server = await hostile((_req, res) => {
      sse(res);
      const piece = chunk([{ index: 0, delta: { content: 'x'.repeat(16 * 1024) } }]);
      const pump = () => {
        // Endless but for the client: it stops when the client hangs up.
        while (!res.destroyed && res.write(piece));
      };
      res.on('drain', pump);
      res.on('close', () => res.off('drain', pump));
      pump();
    });
    const stream = await client(server.url, {
      maxResponseSize: 2 * 1024 * 1024,
    }).chat.completions.create(streamed);
    let chunks = 0;
    const error = await (async () => {
      for await (const _ of stream) chunks++; // each chunk dropped at once
    })().catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(
      /answered a stream over 2097152 characters, the maxResponseSize option/,
    );
    // Every event up to the cap was kept (those of the last read went into the partial answer,
    // not to the caller); the one past it was refused.
    const data = chunk([{ index: 0, delta: { content: 'x'.repeat(16 * 1024) } }]).length - 8;
    const kept = Math.floor((2 * 1024 * 1024) / data);
    expect(chunks).toBeGreaterThan(kept / 2);
    expect(chunks).toBeLessThanOrEqual(kept);
    expect(error.partial.choices[0].message.content.length).toBe(kept * 16 * 1024);
    expect(server.seen).toHaveLength(1);
  });

  test('a key in a broken event is scrubbed before the text is cut, so no part of it is left', async () => {
    const server = await hostile((_req, res) => {
      sse(res);
      res.end(`data: {"broken": "${'x'.repeat(100)}${KEY}${'y'.repeat(100)}\n\n`);
    });
    const error = await (
      await client(server.url).chat.completions.create(streamed)
    )
      .finalCompletion()
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    // Cut at 120 characters, inside the mask: the old order left the key's first characters.
    expect(error.message).toContain('[redact');
    expect(error.message).not.toContain(KEY.slice(0, 6));
  });

  test('a key echoed in JSON escapes is redacted from the relayed bytes', async () => {
    const escaped = [...KEY]
      .map((c, i) => (i % 2 ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
      .join('');
    const server = await hostile((_req, res) => {
      sse(res);
      res.end(
        `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"key: ${escaped}"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n`,
      );
    });
    const relayed = await client(server.url).chat.completions.create(streamed);
    const bytes = await new Response(relayed.toRawStream()).text();
    // What a page reading the relay gets, decoded as the SDK in the page decodes it.
    const content = (
      await ChatCompletionStream.fromReadableStream(new Response(bytes)).finalCompletion()
    ).choices[0]!.message.content;
    expect(content).toBe('key: [redacted]');
    expect(bytes).not.toContain(escaped);
  });

  test('many small pieces of one long line are joined once, not rescanned (40 MB at 1 KiB)', async () => {
    const server = await hostile((_req, res) => {
      sse(res);
      const piece = 'b'.repeat(1024);
      let n = 0;
      res.write(
        'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"',
      );
      const pump = () => {
        while (n < 40 * 1024) if ((n++, !res.write(piece))) return;
        res.end('"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
      };
      res.on('drain', pump);
      pump();
    });
    const stream = await client(server.url, {
      maxEventSize: 64 * 1024 * 1024,
    }).chat.completions.create(streamed);
    const done = await stream.finalCompletion();
    expect(done.choices[0]?.message.content).toHaveLength(40 * 1024 * 1024);
  });

  test.each([
    [
      'choices[].index "__proto__"',
      [{ index: '__proto__', delta: { content: 'x' }, finish_reason: 'pwned' }],
    ],
    ['choices[].index -1', [{ index: -1, delta: {} }]],
    ['choices[].index 1e9', [{ index: 1e9, delta: {} }]],
    [
      'tool_calls[].index "__proto__"',
      [
        {
          index: 0,
          delta: { tool_calls: [{ index: '__proto__', id: 'pwned', function: { name: 'x' } }] },
        },
      ],
    ],
    ['choices: [null]', [null]],
    ['a delta that is a string', [{ index: 0, delta: 'x' }]],
    ['content that is a number', [{ index: 0, delta: { content: 5 } }]],
  ])(
    '%s: an InvalidResponseError, one request, nothing on Array.prototype',
    async (_name, choices) => {
      const server = await hostile((_req, res) => {
        sse(res);
        res.end(chunk(choices) + 'data: [DONE]\n\n');
      });
      const stream = await client(server.url).chat.completions.create(streamed);
      const error = await stream.finalCompletion().catch((e) => e);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(error.message).toMatch(/is not a chat completion chunk: choices\[0\]/);
      expect(server.seen).toHaveLength(1);
      expect(Object.keys(Array.prototype)).toEqual([]);
      expect(([] as unknown as { finish_reason?: unknown }).finish_reason).toBeUndefined();
    },
  );

  test('a last chunk without a delta is accepted (servers leave it out)', async () => {
    const server = await hostile((_req, res) => {
      sse(res);
      res.end(
        chunk([{ index: 0, delta: { role: 'assistant', content: 'hey' } }]) +
          chunk([{ index: 0, finish_reason: 'stop' }]) +
          'data: [DONE]\n\n',
      );
    });
    const stream = await client(server.url).chat.completions.create(streamed);
    expect((await stream.finalCompletion()).choices[0]?.message.content).toBe('hey');
  });
});

describe('paid requests are never sent twice for what is not a network failure', () => {
  test('a body over maxResponseSize is refused once, not downloaded three times', async () => {
    const server = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const block = ' '.repeat(1024 * 1024);
      let n = 0;
      const pump = () => {
        while (n < 600 && res.write(block)) n++;
        if (n >= 600) res.end('{}');
      };
      res.on('drain', pump);
      res.on('close', () => res.off('drain', pump));
      pump();
    });
    const error = await client(server.url, { maxResponseSize: 8 * 1024 * 1024 })
      .chat.completions.create(ask())
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(/body over 8388608 bytes, the maxResponseSize option/);
    expect(server.seen).toHaveLength(1);
  });

  test('a Content-Length over the cap is refused before reading', async () => {
    const server = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '999999999' });
      res.write('{');
    });
    const error = await client(server.url, { maxResponseSize: 1000 })
      .chat.completions.create(ask())
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(server.seen).toHaveLength(1);
  });

  test('a non-streamed answer with choices: [null] is an InvalidResponseError, one request', async () => {
    const server = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(completionBody([null]));
    });
    const error = await client(server.url)
      .chat.completions.create(ask())
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(/choices\[0\] must be an object with message, got null/);
    expect(server.seen).toHaveLength(1);
  });

  test('a local exception propagates as it is, and nothing is sent again', async () => {
    const server = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"choices":[]}');
    });
    // A logger that fails once, as a bug in the caller's code would: not the network's fault.
    let thrown = false;
    const exploding = {
      error() {},
      warn() {},
      info() {
        if (thrown) return;
        thrown = true;
        throw new RangeError('Maximum call stack size exceeded');
      },
      debug() {},
    };
    const error = await client(server.url, { logger: exploding, logLevel: 'info' })
      .chat.completions.create(ask())
      .catch((e) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect(server.seen).toHaveLength(1);
  });

  test('params that cannot be serialised throw before anything is sent', async () => {
    const server = await hostile((_req, res) => res.end());
    const parameters: Record<string, unknown> = { type: 'object' };
    parameters.self = parameters;
    const error = await client(server.url)
      .chat.completions.create(
        ask({ tools: [{ type: 'function', function: { name: 'f', parameters } }] }),
      )
      .catch((e) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(server.seen).toHaveLength(0);
  });
});

describe('redirects', () => {
  test('a 307 to another origin is refused, naming it; nothing reaches that origin', async () => {
    const elsewhere = await hostile((_req, res) => res.end('{}'), '127.0.0.2');
    const server = await hostile((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/chat/completions` });
      res.end();
    });
    const error = await client(server.url, { defaultHeaders: { 'x-team-secret': 's3' } })
      .chat.completions.create(ask())
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain(`to another origin, ${new URL(elsewhere.url).origin}`);
    expect(elsewhere.seen).toEqual([]);
    expect(server.seen).toHaveLength(1); // refused for good: not retried
  });

  test('a 308 on the same origin is followed with the body', async () => {
    let body = '';
    const server = await hostile((req, res, sent) => {
      if (req.url === '/v1/chat/completions') {
        res.writeHead(308, { location: '/v2/chat/completions' });
        return res.end();
      }
      body = sent;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        completionBody([
          { index: 0, message: { role: 'assistant', content: 'moved' }, finish_reason: 'stop' },
        ]),
      );
    });
    const answer = await client(server.url).chat.completions.create(ask());
    expect(answer.choices[0]?.message.content).toBe('moved');
    expect(server.seen).toEqual(['POST /v1/chat/completions', 'POST /v2/chat/completions']);
    expect(JSON.parse(body).model).toBe('hermes4:70b');
  });
});

describe('kept-alive sockets', () => {
  test('a reset on a reused idle socket is retried once, even with maxRetries 0', async () => {
    // Answers the first request on a connection, and resets the first connection that a
    // second request arrives on: a server closing an idle socket just as the client reuses it.
    const answered = new WeakSet<object>();
    let resets = 0;
    const body = JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model' }] });
    const server: NetServer = createNetServer((socket) => {
      socket.on('data', () => {
        if (answered.has(socket) && resets === 0) return void (resets++, socket.resetAndDestroy());
        answered.add(socket);
        socket.write(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: keep-alive\r\n\r\n${body}`,
        );
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open.push(server);
    const { port } = server.address() as { port: number };
    const c = client(`http://127.0.0.1:${port}/v1`, { maxRetries: 0 });
    for (let i = 0; i < 4; i++) expect((await c.models.list()).map((m) => m.id)).toEqual(['m']);
    expect(resets).toBeGreaterThan(0); // undici did reuse a socket, so the case was met
  });

  test('a fresh socket closed after the request went out is not retried for free', async () => {
    // The server had the request (and may be running it): with maxRetries 0, one request only.
    const server = await hostile((req) => req.socket.destroy());
    const error = await client(server.url, { maxRetries: 0 })
      .models.list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(server.seen).toHaveLength(1);
  });
});
