import type { ChatCompletionChunk } from '@comput3/api';
import { APIUserAbortError } from '../errors.js';
import { ChatCompletionStream } from '../stream.js';
import type { Exchange } from './exchange.js';
import type { Redactor } from './secrets.js';

/**
 * How a stream is handed on by a server to its own client: `toRawStream()`, `toReadableStream()`
 * and `toResponse()` on ChatCompletionStream, installed by the server entry (index.node.ts), so
 * that a browser bundle, which never relays, leaves them out. The stream owns the state these
 * read and end (`_relay()`). Internal.
 */
export function installRelays(): void {
  Object.assign(ChatCompletionStream.prototype, {
    toResponse(this: ChatCompletionStream, init: ResponseInit & { raw?: boolean } = {}) {
      const { raw, ...rest } = init;
      return eventResponse(
        raw ? this.toRawStream() : this.toReadableStream(),
        this.requestId,
        rest,
      );
    },
    toRawStream(this: ChatCompletionStream) {
      this[Symbol.asyncIterator](); // claims it: one reader only (the iterator is never started)
      const [exchange, settings, end] = this._relay();
      return rawBody(exchange, settings.redactor?.(), end, () => {
        this.abort();
        end();
      });
    },
    toReadableStream(this: ChatCompletionStream) {
      const iterator = this[Symbol.asyncIterator]();
      const [, settings, , ended] = this._relay();
      return eventBody(
        iterator,
        () => ended()?.error instanceof APIUserAbortError,
        // Scrubbed of the key like the raw bytes: this is what a relay hands its client.
        settings.log.scrub,
        async () => {
          this.abort();
          await iterator.return?.();
        },
      );
    },
  });
}

/**
 * The body's bytes as the server sent them, the key taken out (`redact`), read one chunk each
 * time the relay asks. `ended` hears how it ended: the caller's abort, or nothing (done, or a
 * failure passed to the reader); `cancel` is the relay's client leaving.
 */
function rawBody(
  exchange: Exchange,
  redact: Redactor | undefined,
  ended: (abort?: APIUserAbortError) => void,
  cancel: () => void,
): ReadableStream<Uint8Array> {
  const reader = exchange.body?.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          for (;;) {
            const { done, value } = reader
              ? await exchange.read(reader)
              : { done: true, value: undefined };
            if (done) break;
            const bytes = redact ? redact.push(value!) : value!;
            // Held back whole (it ended with the start of the key): read on.
            if (bytes.length) return controller.enqueue(bytes);
          }
          const rest = redact?.end();
          if (rest) controller.enqueue(rest);
          exchange.stopWatching();
          controller.close();
        } catch (thrown) {
          exchange.disconnect();
          const error = exchange.errorFor(thrown);
          // The caller's own abort ends it quietly (see ChatCompletionStream's #stopped).
          if (error instanceof APIUserAbortError) {
            controller.close();
            return ended(error);
          }
          controller.error(error);
        }
        ended();
      },
      cancel,
    },
    // No read-ahead: a chunk is read when the relay asks for one. With the default queue of
    // one, a read is always outstanding besides the relay's, which cost a third more CPU per
    // chunk in apps/demo's relay bench.
    { highWaterMark: 0 },
  );
}

const encoder = new TextEncoder();

/**
 * The chunks re-encoded as Server-Sent Events, each scrubbed of the key, ending with
 * `data: [DONE]` unless `stopped()` (the caller aborted: a reader must not take it as whole).
 */
function eventBody(
  chunks: AsyncIterator<ChatCompletionChunk>,
  stopped: () => boolean,
  scrub: (text: string) => string,
  cancel: () => Promise<void>,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next();
        if (done) {
          if (!stopped()) controller.enqueue(encoder.encode('data: [DONE]\n\n'));
          controller.close();
        } else {
          controller.enqueue(encoder.encode(`data: ${scrub(JSON.stringify(value))}\n\n`));
        }
      } catch (error) {
        controller.error(error);
      }
    },
    cancel,
  });
}

/** A `Response` for a relay: `body` with the headers an SSE relay needs, unless `init` sets them. */
function eventResponse(
  body: ReadableStream<Uint8Array>,
  requestId: string | undefined,
  init: ResponseInit,
): Response {
  // The caller's own headers win, and keep every value they have (cookies included).
  const headers = new Headers(init.headers);
  const ours: Record<string, string | undefined> = {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    'x-request-id': requestId,
  };
  for (const name in ours) if (ours[name] && !headers.has(name)) headers.set(name, ours[name]);
  return new Response(body, { ...init, headers });
}
