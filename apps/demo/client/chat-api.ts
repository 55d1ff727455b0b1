import type { Reply, SentRequest, Stats } from './store.js';

/** Reads the demo server's events: `data: {delta}`, then `event: done` or `event: error`. */
async function* events(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<{ name: string; data: any }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const raw = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(raw)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(raw)?.[1];
      if (data) yield { name, data: JSON.parse(data) };
    }
  }
}

/** A failure with what the page should say about it. */
export class ChatError extends Error {
  override name = 'ChatError';
}

/**
 * Sends one request through the demo server and streams the answer to `onDelta`. Resolves to
 * the reply, its figures measured here (time to first token as the person saw it), whether it
 * finished, was stopped, or broke part-way; rejects (ChatError) only when nothing arrived.
 */
export async function streamChat(
  request: SentRequest,
  signal: AbortSignal,
  onDelta: (text: string) => void,
): Promise<Reply> {
  const started = performance.now();
  let first: number | undefined;
  let content = '';
  let done:
    { finish_reason?: string; usage?: any; model?: string; request_id?: string } | undefined;
  let failure: string | undefined;
  try {
    const res = await fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      signal,
      body: JSON.stringify(request),
    });
    if (!res.ok || !res.body) {
      const body = await res
        .json()
        .catch(() => ({ error: `The demo server answered ${res.status}.` }));
      throw new ChatError(body.error);
    }
    for await (const { name, data } of events(res.body)) {
      if (name === 'error') throw new ChatError(data.error);
      if (name === 'done') done = data;
      else if (data.delta) {
        first ??= performance.now();
        content += data.delta;
        onDelta(data.delta);
      }
    }
  } catch (error) {
    const stopped = (error as Error).name === 'AbortError';
    failure = stopped
      ? undefined
      : error instanceof TypeError
        ? 'Cannot reach the demo server: is it still running?'
        : (error as Error).message;
    if (!content) {
      if (stopped) throw error;
      throw new ChatError(failure);
    }
    return {
      content,
      state: stopped ? 'stopped' : 'error',
      request,
      ...(failure ? { error: failure } : {}),
    };
  }
  if (!done) {
    return { content, state: 'error', request, error: 'The answer broke off before its end.' };
  }
  const ended = performance.now();
  const tokens = done.usage?.completion_tokens as number | undefined;
  const generating = (ended - (first ?? started)) / 1000;
  const stats: Stats = {
    model: done.model || request.model,
    ttftMs: Math.round((first ?? ended) - started),
    totalMs: Math.round(ended - started),
    tokensPerSecond:
      tokens !== undefined && generating > 0
        ? Math.round((tokens / generating) * 10) / 10
        : undefined,
    promptTokens: done.usage?.prompt_tokens,
    completionTokens: tokens,
    finishReason: done.finish_reason,
    requestId: done.request_id,
  };
  return { content, state: 'done', request, stats };
}
