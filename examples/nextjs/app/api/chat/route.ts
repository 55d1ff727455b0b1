import { APIError } from '@comput3/core';
import { comput3 } from '../../../lib/client';

// POST /api/chat { messages }: the answer, streamed as the API sent it. The key stays here.
export async function POST(request: Request): Promise<Response> {
  const body = (await request.json().catch(() => undefined)) as { messages?: unknown } | undefined;
  if (!body || !Array.isArray(body.messages)) {
    return Response.json({ error: { message: 'The body needs "messages".' } }, { status: 400 });
  }
  // Only roles and text from the browser: never a model's settings, a URL or a key.
  const messages = body.messages.map((m: { role?: unknown; content?: unknown }) => ({
    role: m.role === 'assistant' ? ('assistant' as const) : ('user' as const),
    content: String(m.content ?? ''),
  }));
  try {
    const client = await comput3();
    const stream = await client.chat.completions.create(
      { model: 'kimi-k2', messages, stream: true },
      { signal: request.signal }, // the tab closed: stop the upstream request
    );
    return stream.toResponse({ raw: true });
  } catch (error) {
    const status = error instanceof APIError ? error.status : 502;
    return Response.json({ error: { message: (error as Error).message } }, { status });
  }
}
