import { Readable } from 'node:stream';
import Fastify from 'fastify';
import { client, fromBrowser, port } from './upstream.js';

const app = Fastify();

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
