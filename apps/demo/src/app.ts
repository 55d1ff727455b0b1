import {
  Comput3,
  KNOWN_MODELS,
  type ChatCompletionCreateParamsStreaming,
  type ChatCompletionStream,
} from '@comput3/core';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { toErrorBody } from './errors.js';
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

const encoder = new TextEncoder();
const event = (data: unknown, name?: string) =>
  encoder.encode(`${name ? `event: ${name}\n` : ''}data: ${JSON.stringify(data)}\n\n`);

/**
 * The answer for the page, as Server-Sent Events: `data: {"delta"}` per piece of text, then
 * `event: done` with the finish reason, usage, model and request id, or `event: error` with a
 * readable message when the upstream fails part-way. Cancelling it (the tab went away, Stop)
 * aborts the upstream request.
 */
function toPageStream(stream: ChatCompletionStream): ReadableStream<Uint8Array> {
  const chunks = stream[Symbol.asyncIterator]();
  return new ReadableStream({
    // Each pull must enqueue something or close: a pull that returns empty-handed is not
    // called again, and the reader would wait forever. Chunks without text are skipped here.
    async pull(controller) {
      try {
        for (;;) {
          const { done, value } = await chunks.next();
          if (done) {
            const final = await stream.finalCompletion();
            controller.enqueue(
              event(
                {
                  finish_reason: final.choices[0]?.finish_reason,
                  usage: final.usage,
                  model: final.model,
                  request_id: stream.requestId ?? final.id,
                },
                'done',
              ),
            );
            controller.close();
            return;
          }
          const delta = value.choices[0]?.delta.content;
          if (delta) return controller.enqueue(event({ delta }));
        }
      } catch (error) {
        controller.enqueue(event(toErrorBody(error).body, 'error'));
        controller.close();
      }
    },
    cancel() {
      stream.abort();
    },
  });
}

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
      '/api/chat',
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
    '/api/chat',
    bodyLimit({
      maxSize: options.maxBodyBytes ?? 64 * 1024,
      onError: (c) =>
        c.json(
          {
            error: 'The conversation is too long for this demo: reset it and start again.',
            kind: 'invalid',
          },
          413,
        ),
    }),
    async (c) => {
      if (!(c.req.header('content-type') ?? '').startsWith('application/json')) {
        return c.json(
          { error: 'Send the chat as JSON (Content-Type: application/json).', kind: 'invalid' },
          415,
        );
      }
      let body: Record<string, unknown>;
      try {
        body = await c.req.json();
      } catch {
        return c.json({ error: 'The request body is not valid JSON.', kind: 'invalid' }, 400);
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return c.json(
          { error: 'Send a JSON object with model and messages.', kind: 'invalid' },
          400,
        );
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
        // The SDK validates before sending, so bad input is a 400 naming the field.
        const stream = await client.chat.completions.create(params, { signal: c.req.raw.signal });
        return new Response(toPageStream(stream), {
          headers: {
            'content-type': 'text/event-stream; charset=utf-8',
            'cache-control': 'no-store',
          },
        });
      } catch (error) {
        const { status, body: errorBody } = toErrorBody(error);
        if (errorBody.retryAfter) c.header('Retry-After', String(errorBody.retryAfter));
        return c.json(errorBody, status);
      }
    },
  );

  app.all('/api/*', (c) => c.json({ error: 'No such API route.', kind: 'invalid' }, 404));
  if (options.assets) {
    app.use('/*', serveStatic({ root: options.assets }));
  }
  app.notFound((c) => c.text('Not found', 404));
  return app;
}
