import { serve } from '@hono/node-server';
import { convertToModelMessages, streamText, type UIMessage } from 'ai';
import { Hono } from 'hono';
import { comput3 } from './provider.js';

// POST /api/chat: what a `useChat()` page calls (its default endpoint). The key stays here.
const app = new Hono();
app.post('/api/chat', async (c) => {
  const { messages } = (await c.req.json()) as { messages: UIMessage[] };
  const result = streamText({
    model: comput3('hermes4:70b'),
    messages: await convertToModelMessages(messages),
    abortSignal: c.req.raw.signal, // a closed tab stops the upstream request
  });
  return result.toUIMessageStreamResponse();
});

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0) }, (info) =>
  console.log(`useChat route on http://127.0.0.1:${info.port}/api/chat`),
);
