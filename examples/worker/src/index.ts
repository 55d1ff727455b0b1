import { APIError, Comput3, Comput3ValidationError } from '@comput3/core';

/** The Worker's bindings: `wrangler secret put COMPUT3_API_KEY`; `.dev.vars` for local runs. */
export interface Env {
  COMPUT3_API_KEY?: string;
  /** Unset in production (the SDK's default, https://api.comput3.ai/v1); the mock locally. */
  COMPUT3_BASE_URL?: string;
}

const json = (status: number, message: string) =>
  Response.json({ error: { message, type: 'invalid_request_error' } }, { status });

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname !== '/api/chat/completions') return json(404, `No route ${pathname}.`);
    if (request.method !== 'POST') return json(405, 'POST a chat request here.');

    const body = (await request.json().catch(() => undefined)) as
      { model?: unknown; messages?: unknown } | undefined;
    if (!body || !Array.isArray(body.messages)) return json(400, 'The body needs "messages".');
    // Only the model and the messages come from the caller, never a URL, a key or headers.
    const messages = body.messages.map((m: { role?: unknown; content?: unknown }) => ({
      role: m.role === 'assistant' ? ('assistant' as const) : ('user' as const),
      content: String(m.content ?? ''),
    }));
    const model = typeof body.model === 'string' ? body.model : 'hermes4:70b';

    // A client per request: a Worker's bindings arrive with the request.
    const client = new Comput3({ apiKey: env.COMPUT3_API_KEY, baseURL: env.COMPUT3_BASE_URL });
    try {
      const stream = await client.chat.completions.create(
        { model, messages, stream: true },
        { signal: request.signal }, // the caller left: stop the upstream request
      );
      return stream.toResponse({ raw: true });
    } catch (error) {
      if (error instanceof Comput3ValidationError) return json(400, error.message);
      if (error instanceof APIError) return json(error.status, error.message);
      return json(502, 'Comput3 could not be reached.');
    }
  },
};
