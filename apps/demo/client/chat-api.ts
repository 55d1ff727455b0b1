import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  Comput3,
  Comput3ValidationError,
} from '@comput3/core';
import type { Reply, SentRequest, Stats } from './store.js';

/**
 * The page calls the demo server with the SDK itself: the server's `/api/chat/completions`
 * relays the API's event stream unparsed, and the SDK here checks each event and that the
 * stream is whole. The key stays on the server: the one below is a placeholder the server
 * ignores (the SDK wants one, and refuses browsers unless told the key may be public).
 */
const client = new Comput3({
  apiKey: 'held-by-the-demo-server',
  baseURL: new URL('/api', location.href).href,
  dangerouslyAllowBrowser: true,
  // A person is waiting: a failure shows at once, and they can press Send again.
  maxRetries: 0,
  timeout: 60_000,
});

/** A failure with what the page should say about it. */
export class ChatError extends Error {
  override name = 'ChatError';
}

/**
 * What to tell a person about a failure: the demo server's sentence when it gave one. Before
 * the server answers, a connection error means it is out of reach; after, that the answer was
 * cut, as is a stream that ended early (InvalidResponseError).
 */
function sentence(error: unknown, answered: boolean): string {
  if (error instanceof APIError) return error.error?.message ?? error.message;
  if (error instanceof Comput3ValidationError) return error.message;
  if (error instanceof APIConnectionError && !answered)
    return 'Cannot reach the demo server: is it still running?';
  return 'The answer broke off before its end.';
}

/**
 * Sends one request and streams the answer to `onDelta`. Resolves to the reply, its figures
 * (the SDK's CallMetrics, taken in the page), whether it finished, was stopped, or broke
 * part-way; rejects (ChatError) only when nothing arrived.
 */
export async function streamChat(
  request: SentRequest,
  signal: AbortSignal,
  onDelta: (text: string) => void,
  onThought: (text: string) => void = () => {},
): Promise<Reply> {
  let content = '';
  let reasoning = '';
  let thoughtFrom: number | undefined;
  let thoughtMs: number | undefined;
  let answered = false;
  // Reasoning comes apart from the answer (the SDK splits Hermes's <think> out of the text).
  const thought = () =>
    reasoning
      ? { reasoning, thoughtMs: thoughtMs ?? Math.round(performance.now() - thoughtFrom!) }
      : {};
  try {
    const stream = await client.chat.completions.create(
      { ...request, stream: true, stream_options: { include_usage: true } },
      { signal },
    );
    answered = true;
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta.reasoning_content;
      if (piece) {
        thoughtFrom ??= performance.now();
        reasoning += piece;
        onThought(piece);
      }
      const delta = chunk.choices[0]?.delta.content;
      if (!delta) continue;
      if (thoughtFrom !== undefined) thoughtMs ??= Math.round(performance.now() - thoughtFrom);
      content += delta;
      onDelta(delta);
    }
    const final = await stream.finalCompletion();
    // The SDK's figures, measured here in the page: time to first token as the person saw it.
    const m = final.metrics;
    const stats: Stats = {
      model: m.model,
      timeToFirstTokenMs: Math.round(m.timeToFirstTokenMs ?? m.durationMs),
      durationMs: Math.round(m.durationMs),
      tokensPerSecond: m.tokensPerSecond,
      promptTokens: m.promptTokens,
      completionTokens: m.completionTokens,
      finishReason: m.finishReason,
      requestId: m.requestId ?? final.id,
    };
    return { content, state: 'done', request, stats, ...thought() };
  } catch (error) {
    const stopped = error instanceof APIUserAbortError;
    const why = sentence(error, answered);
    if (!content && !reasoning) {
      if (stopped) throw error;
      throw new ChatError(why);
    }
    return {
      content,
      state: stopped ? 'stopped' : 'error',
      request,
      ...thought(),
      ...(stopped ? {} : { error: why }),
    };
  }
}
