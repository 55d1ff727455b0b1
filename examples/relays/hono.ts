import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { client, fromBrowser, port } from './upstream.js';

const app = new Hono();

// The request's signal aborts when the client leaves: the upstream request goes with it.
app.post('/api/chat/completions', async (c) => {
  const stream = await client.chat.completions.create(fromBrowser(await c.req.json()), {
    signal: c.req.raw.signal,
  });
  return stream.toResponse({ raw: true });
});

serve({ fetch: app.fetch, port }, (info) =>
  console.log(`hono relay on http://127.0.0.1:${info.port}`),
);
