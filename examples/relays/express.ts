import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express from 'express';
import { APIError } from '@comput3/core';
import { client, fromBrowser, port } from './upstream.js';

const app = express();
app.use(express.json());

// POST /api/chat/completions: the browser's SDK calls this with baseURL '/api'.
app.post('/api/chat/completions', async (req, res) => {
  // A client that leaves aborts the upstream request too.
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  try {
    const stream = await client.chat.completions.create(fromBrowser(req.body), {
      signal: abort.signal,
    });
    const response = stream.toResponse({ raw: true });
    res.status(response.status).set(Object.fromEntries(response.headers));
    // pipeline, not pipe: an upstream that breaks ends this response, not the process.
    await pipeline(Readable.fromWeb(response.body as never), res);
  } catch (error) {
    // The client left (before the answer or during it): nothing to answer, nothing to log.
    if (abort.signal.aborted) return;
    if (res.headersSent) return void res.destroy(); // cut short: the client sees it incomplete
    // One JSON error, the API's status when it gave one; never a stack or a path.
    const status = error instanceof APIError && error.status ? error.status : 502;
    res.status(status).json({ error: { message: (error as Error).message } });
  }
});

const server = app.listen(port, '127.0.0.1', () =>
  console.log(`express relay on http://127.0.0.1:${(server.address() as { port: number }).port}`),
);
