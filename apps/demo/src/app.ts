import { Comput3, KNOWN_MODELS, type ChatCompletionCreateParamsStreaming } from '@comput3/core';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { allowedHosts } from './allowed-hosts.js';
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
  /**
   * Host names the page is served under besides loopback names and IP addresses (a public
   * name, `.example.com` for it and its subdomains); any other `Host` gets a 403.
   */
  allowedHosts?: readonly string[];
}

const ROLES = new Set(['system', 'user', 'assistant']);

/**
 * Each message rebuilt from the fields the page may send (role and content), so nothing else a
 * browser adds (tool calls, names, anything) is relayed upstream. undefined when a role is not
 * one of the page's; the SDK checks the values.
 */
function pageMessages(messages: unknown): unknown {
  if (!Array.isArray(messages)) return messages;
  return messages.map((m: unknown) => {
    if (typeof m !== 'object' || m === null) return m;
    const { role, content } = m as { role?: unknown; content?: unknown };
    return { role, content };
  });
}
const badRole = (messages: unknown): number =>
  Array.isArray(messages)
    ? messages.findIndex(
        (m: unknown) =>
          typeof m === 'object' &&
          m !== null &&
          !ROLES.has((m as { role?: unknown }).role as string),
      )
    : -1;

/**
 * The page's chat endpoint: OpenAI's chat completions, streamed, so the page can call it with
 * `@comput3/core` (its base URL is `/api`). Only model, messages, temperature, max_tokens and
 * seed are taken from the page; the key, the upstream and its headers stay here.
 */
const CHAT = '/api/chat/completions';

export function createApp(options: AppOptions): Hono {
  const { client, mode } = options;
  const app = new Hono();
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;

  app.use('*', allowedHosts(options.allowedHosts));
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

  // Offline, the mock's URL is of no use to the page (its port changes each start): View as code
  // then points at this server's own relay, which needs no key.
  app.get('/api/config', (c) =>
    c.json({
      mode,
      models: KNOWN_MODELS,
      ...(mode === 'live API' ? { baseURL: client.baseURL } : {}),
      maxBodyBytes,
    }),
  );
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
      maxSize: maxBodyBytes,
      onError: (c) =>
        c.json(
          errorBody(
            `The conversation is over this demo's limit of ${Math.round(maxBodyBytes / 1024)} kB: ` +
              'start a new chat, or send a shorter message.',
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
      const wrongRole = badRole(body.messages);
      if (wrongRole !== -1) {
        return c.json(
          errorBody(
            `messages[${wrongRole}].role must be system, user or assistant.`,
            'invalid',
            `messages[${wrongRole}].role`,
          ),
          400,
        );
      }
      // Only these fields reach the SDK: the page cannot choose the upstream URL, headers or key.
      const params = {
        model: body.model,
        messages: pageMessages(body.messages),
        ...(body.temperature !== undefined ? { temperature: body.temperature } : {}),
        ...(body.max_tokens !== undefined ? { max_tokens: body.max_tokens } : {}),
        ...(body.seed !== undefined ? { seed: body.seed } : {}),
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
        // The SDK's relay response: the API's bytes (its key taken out, should the upstream
        // ever echo it), the SSE headers and the request id. A page's chat is kept by no cache.
        return stream.toResponse({ raw: true, headers: { 'cache-control': 'no-store' } });
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
