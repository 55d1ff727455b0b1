import type { Comput3 } from '@comput3/core';

/** The app's own code: a support ticket in, a one-line summary out. */
export async function summarise(client: Comput3, ticket: string): Promise<string> {
  const text = await client.ask(`Summarise this support ticket in one line:\n\n${ticket}`, {
    model: 'kimi-k2',
    max_tokens: 200,
  });
  return text.trim();
}
