import { Readable } from 'node:stream';
import express from 'express';
import { client, fromBrowser, port } from './upstream.js';

const app = express();
app.use(express.json());

// POST /api/chat/completions: the browser's SDK calls this with baseURL '/api'.
app.post('/api/chat/completions', async (req, res, next) => {
  // A client that leaves aborts the upstream request too.
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  try {
    const stream = await client.chat.completions.create(fromBrowser(req.body), {
      signal: abort.signal,
    });
    const response = stream.toResponse({ raw: true });
    res.status(response.status).set(Object.fromEntries(response.headers));
    Readable.fromWeb(response.body as never).pipe(res);
  } catch (error) {
    next(error);
  }
});

const server = app.listen(port, () =>
  console.log(`express relay on http://127.0.0.1:${(server.address() as { port: number }).port}`),
);
