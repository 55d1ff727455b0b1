import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { type ErrorRequestHandler } from 'express';
import { APIError } from '@comput3/core';
import { errorBody, MAX_BODY, refusal } from './guard.js';
import { client, fromBrowser, port } from './upstream.js';

const app = express();
app.use(express.json({ limit: MAX_BODY }));

// POST /api/chat/completions: the browser's SDK calls this with baseURL '/api'.
app.post('/api/chat/completions', async (req, res) => {
  // Only JSON, from this site's pages, to this machine's name (guard.ts).
  const refused = refusal({
    contentType: req.get('content-type'),
    origin: req.get('origin'),
    host: req.get('host'),
  });
  if (refused) return void res.status(refused.status).json(errorBody(refused.message));
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
    res.status(status).json(errorBody((error as Error).message));
  }
});

// A body over the limit or not JSON: one JSON error, not Express's HTML page with a stack.
const onError: ErrorRequestHandler = (error: { status?: number }, _req, res, _next) => {
  const status = error.status === 413 ? 413 : 400;
  res
    .status(status)
    .json(
      errorBody(
        status === 413 ? `The body is over ${MAX_BODY} bytes.` : 'The body is not valid JSON.',
      ),
    );
};
app.use(onError);

const server = app.listen(port, '127.0.0.1', () =>
  console.log(`express relay on http://127.0.0.1:${(server.address() as { port: number }).port}`),
);
