import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { APIError } from '@comput3/core';
import { errorBody, MAX_BODY, refusal } from './guard.js';
import { client, fromBrowser, port } from './upstream.js';

const app = new Hono();

// The request's signal aborts when the client leaves: the upstream request goes with it.
app.post(
  '/api/chat/completions',
  bodyLimit({
    maxSize: MAX_BODY,
    // The rest of the body is never read: the connection closes, so no next request on it
    // is parsed from the middle of this one.
    onError: (c) => {
      c.header('connection', 'close');
      return c.json(errorBody(`The body is over ${MAX_BODY} bytes.`), 413);
    },
  }),
  async (c) => {
    // Only JSON, from this site's pages, to this machine's name (guard.ts).
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
    try {
      const stream = await client.chat.completions.create(fromBrowser(body), {
        signal: c.req.raw.signal,
      });
      return stream.toResponse({ raw: true });
    } catch (error) {
      // The client left before the answer: nobody to answer, nothing to log.
      if (c.req.raw.signal.aborted) return c.body(null, 499 as never);
      // One JSON error, the API's status when it gave one; never a stack.
      const status = error instanceof APIError && error.status ? error.status : 502;
      return c.json(errorBody((error as Error).message), status as never);
    }
  },
);

serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) =>
  console.log(`hono relay on http://127.0.0.1:${info.port}`),
);
