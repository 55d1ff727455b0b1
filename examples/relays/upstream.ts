import { Comput3 } from '@comput3/core';
import { startMockServer } from '@comput3/mock';

// Offline by default, against a local mock. With COMPUT3_API_KEY set, the real API.
const mock = process.env.COMPUT3_API_KEY ? undefined : await startMockServer({ pace: 'realistic' });
export const client = new Comput3(mock ? { apiKey: 'offline', baseURL: mock.url } : {});

/** What the browser may choose: the model and the messages; the key and the URL stay here. */
export const fromBrowser = (body: { model?: unknown; messages?: unknown }) => ({
  model: typeof body.model === 'string' ? body.model : 'hermes4:70b',
  messages: Array.isArray(body.messages)
    ? body.messages.map((m: { role?: unknown; content?: unknown }) => ({
        role: m.role === 'assistant' ? ('assistant' as const) : ('user' as const),
        content: String(m.content ?? ''),
      }))
    : [],
  stream: true as const,
});

export const port = Number(process.env.PORT ?? 0);
