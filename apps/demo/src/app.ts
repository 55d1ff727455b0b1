import { Comput3, KNOWN_MODELS, type ChatCompletionCreateParamsStreaming } from '@comput3/core';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { errorBody, toErrorBody } from './errors.js';
import { rateLimit } from './rate-limit.js';

export interface AppOptions {
  client: Comput3;
  mode: 'offline mock' | 'live API';
  /** Folder of the built page; omitted in API-only tests. */
  assets?: string;
  /** Chat requests per minute and client; `false` turns the limit off (load tests). */
  chatsPerMinute?: number | false;
  maxBodyBytes?: number;
}

/**
 * The page's chat endpoint: OpenAI's chat completions, streamed, so the page can call it with
 * `@comput3/core` (its base URL is `/api`). Only model, messages, temperature and max_tokens
 * are taken from the page; the key, the upstream and its headers stay here.
 */
const CHAT = '/api/chat/completions';

export function createApp(options: AppOptions): Hono {
  const { client, mode } = options;
  const app = new Hono();

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        connectSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      xFrameOptions: 'DENY',
    }),
  );

  app.get('/api/config', (c) => c.json({ mode, models: KNOWN_MODELS, baseURL: client.baseURL }));
  // For load balancers and uptime checks: cheap, and says nothing a visitor could not see.
  app.get('/healthz', (c) => {
    c.header('cache-control', 'no-store');
    return c.json({ ok: true, mode });
  });

  if (options.chatsPerMinute !== false) {
    app.use(
      CHAT,
      rateLimit({
        requests: options.chatsPerMinute ?? 20,
        windowMs: 60_000,
        key: (c) => {
          try {
            return getConnInfo(c).remote.address ?? 'unknown';
          } catch {
            return 'unknown'; // no socket (in-process requests in tests)
          }
        },
      }),
    );
  }

  app.post(
    CHAT,
    bodyLimit({
      maxSize: options.maxBodyBytes ?? 64 * 1024,
      onError: (c) =>
        c.json(
          errorBody(
            'The conversation is too long for this demo: reset it and start again.',
            'invalid',
          ),
          413,
        ),
    }),
    async (c) => {
      if (!(c.req.header('content-type') ?? '').startsWith('application/json')) {
        return c.json(
          errorBody('Send the chat as JSON (Content-Type: application/json).', 'invalid'),
          415,
        );
      }
      let body: Record<string, unknown>;
      try {
        body = await c.req.json();
      } catch {
        return c.json(errorBody('The request body is not valid JSON.', 'invalid'), 400);
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return c.json(errorBody('Send a JSON object with model and messages.', 'invalid'), 400);
      }
      // Only these fields reach the SDK: the page cannot choose the upstream URL, headers or key.
      const params = {
        model: body.model,
        messages: body.messages,
        ...(body.temperature !== undefined ? { temperature: body.temperature } : {}),
        ...(body.max_tokens !== undefined ? { max_tokens: body.max_tokens } : {}),
        stream: true,
        // The page shows each reply's token counts.
        stream_options: { include_usage: true },
      } as ChatCompletionCreateParamsStreaming;
      try {
        // The SDK validates before sending, so bad input is a 400 naming the field. Once the
        // upstream has answered 200, its event bytes go to the page as they come: the page
        // reads them with @comput3/core too (which checks every event and that the stream is
        // whole), so this server spends nothing per event.
        const stream = await client.chat.completions.create(params, { signal: c.req.raw.signal });
        const requestId = stream.requestId;
        return new Response(stream.toRawStream(), {
          headers: {
            'content-type': 'text/event-stream; charset=utf-8',
            'cache-control': 'no-store',
            ...(requestId ? { 'x-request-id': requestId } : {}),
          },
        });
      } catch (error) {
        const { status, body, retryAfter } = toErrorBody(error);
        if (retryAfter) c.header('Retry-After', String(retryAfter));
        return c.json(body, status);
      }
    },
  );

  app.all('/api/*', (c) => c.json(errorBody('No such API route.', 'invalid'), 404));
  if (options.assets) {
    app.use('/*', serveStatic({ root: options.assets }));
  }
  app.notFound((c) => c.text('Not found', 404));
  return app;
}
