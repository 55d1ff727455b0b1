import { Readable } from 'node:stream';
import Fastify from 'fastify';
import { errorBody, MAX_BODY, refusal } from './guard.js';
import { client, fromBrowser, port } from './upstream.js';

const app = Fastify({ bodyLimit: MAX_BODY });

// Only JSON, from this site's pages, to this machine's name (guard.ts): checked before the
// body is read.
app.addHook('onRequest', async (request, reply) => {
  const refused = refusal({
    contentType: request.headers['content-type'],
    origin: request.headers.origin,
    host: request.headers.host,
  });
  if (refused) return reply.code(refused.status).send(errorBody(refused.message));
});

// A body over the limit, or not JSON: one JSON error in the relays' shape.
app.setErrorHandler((error: { statusCode?: number }, _request, reply) => {
  const status = error.statusCode === 413 ? 413 : error.statusCode === 400 ? 400 : 502;
  return reply
    .code(status)
    .send(
      errorBody(
        status === 413
          ? `The body is over ${MAX_BODY} bytes.`
          : status === 400
            ? 'The body is not valid JSON.'
            : 'The upstream API failed.',
      ),
    );
});

app.post('/api/chat/completions', async (request, reply) => {
  // A client that leaves aborts the upstream request too. (The response's close, not the
  // request's: Node closes a request as soon as its body has been read.)
  const abort = new AbortController();
  reply.raw.on('close', () => abort.abort());
  const stream = await client.chat.completions.create(
    fromBrowser(request.body as { model?: unknown; messages?: unknown }),
    { signal: abort.signal },
  );
  const response = stream.toResponse({ raw: true });
  reply.code(response.status).headers(Object.fromEntries(response.headers));
  return reply.send(Readable.fromWeb(response.body as never));
});

const address = await app.listen({ port, host: '127.0.0.1' });
console.log(`fastify relay on ${address}`);
