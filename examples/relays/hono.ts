import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { APIError } from '@comput3/core';
import { client, fromBrowser, port } from './upstream.js';

const app = new Hono();

// The request's signal aborts when the client leaves: the upstream request goes with it.
app.post('/api/chat/completions', async (c) => {
  try {
    const stream = await client.chat.completions.create(fromBrowser(await c.req.json()), {
      signal: c.req.raw.signal,
    });
    return stream.toResponse({ raw: true });
  } catch (error) {
    // The client left before the answer: nobody to answer, nothing to log.
    if (c.req.raw.signal.aborted) return c.body(null, 499 as never);
    // One JSON error, the API's status when it gave one; never a stack.
    const status = error instanceof APIError && error.status ? error.status : 502;
    return c.json({ error: { message: (error as Error).message } }, status as never);
  }
});

serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) =>
  console.log(`hono relay on http://127.0.0.1:${info.port}`),
);
