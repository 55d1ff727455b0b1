import { readFile } from 'node:fs/promises';
import { serve } from '@hono/node-server';
import { Comput3 } from '@comput3/core';
import { startMockServer } from '@comput3/mock';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody, MAX_BODY, refusal } from './guard.js';

// The key lives here, on the server. Offline by default; with COMPUT3_API_KEY, the real API.
const mock = process.env.COMPUT3_API_KEY ? undefined : await startMockServer({ pace: 'realistic' });
const client = new Comput3(mock ? { apiKey: 'offline', baseURL: mock.url } : {});

const app = new Hono();
const file = (name: string) => readFile(new URL(`./${name}`, import.meta.url));

app.get('/', async (c) => c.html((await file('page/index.html')).toString()));
app.get('/chat.js', async (c) =>
  c.body((await file('public/chat.js')).toString(), 200, { 'content-type': 'text/javascript' }),
);

// The page's SDK posts here (its baseURL is '/api'). Only the model and the messages are taken
// from the browser; the request's signal aborts the upstream call when the page stops or leaves.
app.post(
  '/api/chat/completions',
  bodyLimit({
    maxSize: MAX_BODY,
    // The rest of the body is never read: the connection closes with the answer.
    onError: (c) => {
      c.header('connection', 'close');
      return c.json(errorBody(`The body is over ${MAX_BODY} bytes.`), 413);
    },
  }),
  async (c) => {
    // Only JSON, from this site's pages, to this machine's name (guard.ts): without these checks
    // any web page could spend the key with a text/plain no-cors POST.
    const refused = refusal({
      contentType: c.req.header('content-type'),
      origin: c.req.header('origin'),
      host: c.req.header('host'),
    });
    if (refused) return c.json(errorBody(refused.message), refused.status);
    let body: { model?: unknown; messages?: unknown };
    try {
      body = await c.req.json();
    } catch {
      return c.json(errorBody('The body is not valid JSON.'), 400);
    }
    const messages = Array.isArray(body.messages)
      ? body.messages.map((m: { role?: unknown; content?: unknown }) => ({
          role: m.role === 'assistant' ? ('assistant' as const) : ('user' as const),
          content: String(m.content ?? ''),
        }))
      : [];
    const model = typeof body.model === 'string' ? body.model : 'hermes4:70b';
    const stream = await client.chat.completions.create(
      { model, messages, stream: true },
      { signal: c.req.raw.signal },
    );
    return stream.toResponse({ raw: true });
  },
);

const server = serve(
  { fetch: app.fetch, port: Number(process.env.PORT ?? 5174), hostname: '127.0.0.1' },
  (info) => console.log(`browser example on http://127.0.0.1:${info.port}`),
);
const stop = () => server.close(() => void mock?.close().then(() => process.exit(0)));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
