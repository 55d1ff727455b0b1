import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import {
  APIError,
  Comput3,
  Comput3Error,
  Comput3ValidationError,
  KNOWN_MODELS,
} from '@comput3/core';
import { startMockServer, type MockServer } from '@comput3/mock';
import { PAGE } from './page.js';

export interface DemoOptions {
  port?: number;
  host?: string;
  /** With no key (option or COMPUT3_API_KEY), the demo runs offline against an in-process mock. */
  apiKey?: string;
  baseURL?: string;
}

export interface Demo {
  url: string;
  mode: 'offline mock' | 'live API';
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const apiKey = options.apiKey ?? process.env.COMPUT3_API_KEY;
  let mock: MockServer | undefined;
  let client: Comput3;
  if (apiKey) {
    client = new Comput3({ apiKey, ...(options.baseURL ? { baseURL: options.baseURL } : {}) });
  } else {
    mock = await startMockServer();
    client = new Comput3({ apiKey: 'offline-mock', baseURL: mock.url });
  }
  const mode = mock ? 'offline mock' : 'live API';
  const page = PAGE.replace('__MODE__', mode).replace(
    '__MODELS__',
    KNOWN_MODELS.map((m) => `<option>${m}</option>`).join(''),
  );

  async function chat(req: IncomingMessage, res: ServerResponse) {
    let size = 0;
    const parts: Buffer[] = [];
    for await (const part of req as AsyncIterable<Buffer>) {
      size += part.length;
      if (size > MAX_BODY)
        return sendJson(res, 413, { error: 'The conversation is too long for this demo.' });
      parts.push(part);
    }
    let body: { model?: unknown; messages?: unknown; temperature?: unknown; max_tokens?: unknown };
    try {
      body = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch {
      return sendJson(res, 400, { error: 'The request body must be JSON.' });
    }
    // Only these fields pass through: the browser cannot pick the upstream URL or headers.
    const params = {
      model: body.model,
      messages: body.messages,
      ...(body.temperature !== undefined ? { temperature: body.temperature } : {}),
      ...(body.max_tokens !== undefined ? { max_tokens: body.max_tokens } : {}),
      stream: true as const,
    } as Parameters<typeof client.chat.completions.create>[0] & { stream: true };
    const upstream = new AbortController();
    res.on('close', () => upstream.abort());
    try {
      const stream = await client.chat.completions.create(params, { signal: upstream.signal });
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
      });
      Readable.fromWeb(stream.toReadableStream() as never)
        .on('error', () => res.destroy())
        .pipe(res);
    } catch (error) {
      if (error instanceof Comput3ValidationError)
        return sendJson(res, 400, { error: error.message, field: error.field });
      if (error instanceof APIError)
        return sendJson(res, error.status, { error: error.error?.message ?? error.message });
      return sendJson(res, 502, {
        error: error instanceof Comput3Error ? error.message : 'Upstream failure.',
      });
    }
  }

  const server = createServer((req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    if (req.method === 'GET' && req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page);
    }
    if (req.method === 'POST' && req.url === '/api/chat') {
      chat(req, res).catch(() => res.destroy());
      return;
    }
    sendJson(res, 404, { error: 'Not found.' });
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/`,
    mode,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await mock?.close();
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
