import type { ChatCompletion, ChatCompletionChunk } from '@comput3/api';
import { CompletionAccumulator } from './accumulate.js';
import {
  APIConnectionError,
  APIUserAbortError,
  Comput3Error,
  InvalidResponseError,
} from './errors.js';
import { isPermanent } from './connection-errors.js';
import { apiError, readErrorBody } from './error-body.js';
import { Exchange } from './exchange.js';
import type { Failure } from './request.js';
import { chunkProblem } from './shape.js';
import { NetworkFailure, type Transport } from './transport.js';
import { SSEParser } from './sse.js';
import { Log } from './log.js';
import { cut, scrubbed } from './secrets.js';
import type { CallMetrics, ChatCompletionResult, Meter } from './metrics.js';
import { retriesOf, type RetryBudget } from './request.js';

/**
 * Opens a fresh connection for the same request after `failure`, through `send()`'s retry rule
 * and the request's remaining retry budget; `signal` stops the wait. Used only before the first
 * chunk has reached the caller.
 */
export type Reconnect = (failure: Failure, signal: AbortSignal) => Promise<Exchange>;

const STREAMING = { stream: true };

/** One connection being read. Internal. */
interface Reading {
  ex: Exchange;
  /** None when the answer is an error status (a relay's): its body is the error. */
  reader?: ReadableStreamDefaultReader<Uint8Array>;
  parser?: SSEParser;
  decoder?: TextDecoder;
  /** The chunks of the read being yielded. */
  batch: ChatCompletionChunk[];
  /** `[DONE]` has arrived. */
  done?: boolean;
}

/** How a stream's call is measured. Internal. */
interface Measure {
  meter: Meter;
  budget: RetryBudget;
}

/**
 * A streamed chat completion. Iterate it for `ChatCompletionChunk`s, or use `text()` for the
 * content alone, or `finalCompletion()` for the whole answer. It can be consumed once.
 */
export class ChatCompletionStream implements AsyncIterable<ChatCompletionChunk> {
  #ex: Exchange;
  readonly #reconnect: Reconnect;
  readonly #t: Transport;
  readonly #acc = new CompletionAccumulator();
  #started = false;
  #delivered = false;
  #ended: { error?: Comput3Error } | undefined;
  #waiters: (() => void)[] = [];
  readonly #stop = new AbortController();
  #release = () => {};
  /** Read from a relay (fromReadableStream): its format is told by its first line. */
  readonly #relayed: boolean;
  /** How the call is measured (none for a relayed stream: the relay made the call). */
  readonly #measure: Measure | undefined;
  #metrics: CallMetrics | undefined;
  #firstSeen = false;
  /** Characters of the events read so far, for the maxResponseSize cap. */
  #size = 0;

  /** @internal Created by `client.chat.completions.create({ stream: true })`. */
  constructor(
    ex: Exchange,
    reconnect: Reconnect,
    t: Transport,
    signal?: AbortSignal,
    relayed = false,
    measure?: Measure,
  ) {
    this.#relayed = relayed;
    this.#measure = measure;
    this.#ex = ex;
    this.#reconnect = reconnect;
    this.#t = t;
    // Stops a reconnection wait too, not only the connection of the moment.
    if (signal) {
      const stop = () => this.#stop.abort();
      signal.addEventListener('abort', stop, { once: true });
      this.#release = () => signal.removeEventListener('abort', stop);
    }
  }

  /**
   * Reads, in a browser or anywhere, a stream that a relay sent on: this SDK's
   * `toReadableStream()` / `toResponse()` (SSE), its `toRawStream()` (the API's own SSE), or
   * the `openai` package's `toReadableStream()` (one JSON chunk per line). The same typed
   * chunks, shape checks and cut-off detection as a stream from `create()`; a `Response` that
   * is not ok is its `APIError`. Nothing is retried: the relay made the request.
   */
  static fromReadableStream(
    source: ReadableStream<Uint8Array> | Response,
    options: { maxEventSize?: number; maxResponseSize?: number; signal?: AbortSignal } = {},
  ): ChatCompletionStream {
    // A stream has getReader; anything else is a Response, though not always this realm's
    // (Miniflare's, the undici package's, a polyfill's): `instanceof Response` would miss those.
    const response =
      typeof (source as ReadableStream).getReader === 'function'
        ? new Response(source as ReadableStream, {
            headers: { 'content-type': 'text/event-stream' },
          })
        : (source as Response);
    const log = new Log(console, 'off', (text) => text);
    const t = {
      log,
      maxEventSize: options.maxEventSize ?? 16 * 1024 * 1024,
      maxResponseSize: options.maxResponseSize ?? 64 * 1024 * 1024,
    } as Transport;
    // The relay's own timeout covers the upstream; this one only ends a relay gone silent.
    const ex = new Exchange(10 * 60 * 1000, options.signal, 'the relayed stream', log);
    ex.response = response;
    ex.body = response.body;
    return new ChatCompletionStream(
      ex,
      (failure) => Promise.reject(failure.error),
      t,
      options.signal,
      true,
    );
  }

  /**
   * A ready `Response` for a web route handler: the stream re-encoded as SSE (`raw: true`: the
   * API's bytes, see `toRawStream()`), with the headers a relay needs: `text/event-stream`, no
   * caching or proxy buffering, and the request id.
   */
  toResponse(init: ResponseInit & { raw?: boolean } = {}): Response {
    const { raw, ...rest } = init;
    const headers = new Headers(rest.headers);
    for (const [name, value] of [
      ['content-type', 'text/event-stream; charset=utf-8'],
      ['cache-control', 'no-cache'],
      ['x-accel-buffering', 'no'],
      ['x-request-id', this.requestId],
    ] as const) {
      if (value && !headers.has(name)) headers.set(name, value);
    }
    return new Response(raw ? this.toRawStream() : this.toReadableStream(), { ...rest, headers });
  }

  /** The HTTP response whose body is being read. */
  get response(): Response {
    return this.#ex.response;
  }

  /** The server's `x-request-id`, to quote when reporting a problem. */
  get requestId(): string | undefined {
    return this.response.headers.get('x-request-id') ?? undefined;
  }

  /**
   * Stops the stream and closes its connection. Iteration and the readable streams end quietly;
   * `finalCompletion()` rejects with `APIUserAbortError`, which carries the partial answer.
   */
  abort(): void {
    this.#stop.abort();
    this.#ex.abort('user');
  }

  /** The chunks as they arrive. A stream is read once: iterate it, or call one of the other readers. */
  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    if (this.#started) {
      throw new Comput3Error('This stream is already being read: a stream can be consumed once.');
    }
    this.#started = true;
    return this.#iterate();
  }

  async *#iterate(): AsyncGenerator<ChatCompletionChunk, void, undefined> {
    try {
      for (;;) {
        const ex = this.#ex;
        try {
          const reading = this.#open(ex);
          if (!reading.reader) {
            throw apiError(this.#t, ex.what, ex.response, await readErrorBody(ex));
          }
          // The network reads are awaited here, in the generator itself: an async call per
          // read, or a generator per chunk, cost more than the chunk.
          for (;;) {
            let next: ReadableStreamReadResult<Uint8Array>;
            try {
              next = await reading.reader.read();
            } catch (thrown) {
              throw new NetworkFailure(thrown);
            }
            if (next.done) {
              this.#end(reading);
              break;
            }
            for (const chunk of this.#chunks(reading, next.value)) {
              this.#delivered = true;
              yield chunk;
            }
            if (reading.done) {
              await reading.reader.cancel().catch(() => {});
              break;
            }
          }
          this.#finish();
          return;
        } catch (thrown) {
          // Whatever ended the stream, the connection goes too: a server still sending after a
          // broken event must not keep the socket.
          ex.disconnect();
          const error = ex.errorFor(thrown);
          // A local exception is no failure of the answer's: it goes to the caller as it is.
          if (!(error instanceof Comput3Error)) {
            this.#finish();
            throw error;
          }
          if (error instanceof APIUserAbortError) return this.#stopped(error);
          // Nothing reached the caller yet, so trying again cannot duplicate anything.
          if (this.#delivered || !(error instanceof APIConnectionError)) this.#fail(error);
          try {
            const retryable = !isPermanent(error);
            this.#ex = await this.#reconnect({ error, retryable }, this.#stop.signal);
          } catch (final) {
            if (final instanceof APIUserAbortError) return this.#stopped(final);
            if (final instanceof Comput3Error) this.#fail(final);
            this.#finish();
            throw final;
          }
        }
      }
    } finally {
      // Reached early when the caller stops iterating (break, return): free the connection.
      if (!this.#ended) {
        this.#ex.disconnect();
        this.#finish();
      }
    }
  }

  /**
   * Sets up reading one connection's events. The stream is complete at `data: [DONE]`, or when the body
   * ends cleanly after every choice has had its `finish_reason` (some servers never send
   * `[DONE]`); anything short of that is an InvalidResponseError, so a cut answer never passes
   * for a whole one.
   */
  #open(ex: Exchange): Reading {
    if (!ex.response.ok) return { ex, batch: [] };
    const reader = ex.body?.getReader();
    if (!reader)
      throw new InvalidResponseError(
        `${ex.what} answered with an empty stream.`,
        ex.response.status,
      );
    // A relayed body is not the exchange's own fetch: an abort must cancel the read itself.
    if (this.#relayed) {
      ex.controller.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}));
    }
    return {
      ex,
      reader,
      parser: new SSEParser(this.#t.maxEventSize, this.#relayed),
      decoder: new TextDecoder(),
      batch: [],
    };
  }

  /** The chunks in one network read's bytes; at `[DONE]`, the rest is dropped and `done` set. */
  #chunks(r: Reading, bytes: Uint8Array): ChatCompletionChunk[] {
    const { ex } = r;
    ex.touch();
    const events = r.parser!.push(r.decoder!.decode(bytes, STREAMING));
    if (!events) {
      throw new InvalidResponseError(
        `${ex.what}: a stream event is over ${this.#t.maxEventSize} characters, the maxEventSize option: raise it if such an event is expected.`,
        ex.response.status,
      );
    }
    const chunks = r.batch;
    chunks.length = 0; // one array for the whole stream: the last batch has been yielded
    for (const event of events) {
      if (event.data === '[DONE]') {
        ex.stopWatching();
        r.done = true;
        break;
      }
      // What the events carry is kept for finalCompletion() even when the caller drops each
      // chunk: bounded, so an endless stream is an error at the cap, not a process out of memory.
      if ((this.#size += event.data.length) > this.#t.maxResponseSize) {
        throw new InvalidResponseError(
          `${ex.what} answered a stream over ${this.#t.maxResponseSize} characters, the maxResponseSize option: raise it if such an answer is expected.`,
          ex.response.status,
        );
      }
      const chunk = this.#parse(ex, event.data);
      this.#acc.add(chunk);
      if (!this.#firstSeen) this.#firstToken(chunk);
      chunks.push(chunk);
    }
    return chunks;
  }

  /** The body ended: complete, or an InvalidResponseError saying how it was cut. */
  #end({ ex, parser, decoder }: Reading): undefined {
    ex.stopWatching();
    parser!.push(decoder!.decode());
    const cut = parser!.pending
      ? 'broke off in the middle of an event'
      : !this.#acc.finished &&
        'ended before "data: [DONE]" and before every choice had a finish_reason';
    if (cut) {
      throw new InvalidResponseError(
        `${ex.what}: the stream ${cut}, so the answer is incomplete.`,
        ex.response.status,
      );
    }
    return undefined;
  }

  #parse(ex: Exchange, data: string): ChatCompletionChunk {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      const shown = cut(data, this.#t.log.scrub, 120);
      throw new InvalidResponseError(
        `${ex.what}: a stream event is not valid JSON: ${JSON.stringify(shown)}`,
        ex.response.status,
      );
    }
    const object = parsed as { error?: unknown; choices?: unknown };
    // OpenAI-compatible servers report a failure mid-stream as an event with an `error` body.
    if (object?.error) throw apiError(this.#t, ex.what, ex.response, parsed);
    const wrong = chunkProblem(parsed as ChatCompletionChunk);
    if (wrong) {
      throw new InvalidResponseError(
        this.#t.log.scrub(`${ex.what}: a stream event is not a chat completion chunk: ${wrong}.`),
        ex.response.status,
      );
    }
    return parsed as ChatCompletionChunk;
  }

  /** Ends the stream with `error`, carrying what had arrived so far. */
  #fail(error: Comput3Error): never {
    this.#finish(this.#withPartial(error));
    throw error;
  }

  /**
   * Ends the stream quietly: the caller stopped it (its signal, `abort()`), as openai's streams
   * do, so a relay that aborts when its client leaves has no error to handle. Iteration and
   * the readable streams just end; `finalCompletion()` still rejects with the abort.
   */
  #stopped(error: APIUserAbortError): void {
    this.#finish(this.#withPartial(error));
  }

  #withPartial<E extends Comput3Error>(error: E): E {
    const partial = this.#acc.current;
    // Kept on the error, so scrubbed like everything else it keeps.
    error.partial = partial && (scrubbed(partial, this.#t.log.scrub) as ChatCompletion);
    return error;
  }

  #firstToken(chunk: ChatCompletionChunk): void {
    const delta = chunk.choices[0]?.delta;
    if (!delta?.content && !delta?.tool_calls) return;
    this.#firstSeen = true;
    this.#measure?.meter.first();
  }

  #finish(error?: Comput3Error): void {
    this.#release(); // a long-lived caller signal must not keep a finished stream alive
    this.#ended = error ? { error } : {};
    const m = this.#measure;
    if (m && !this.#metrics) {
      m.meter.retries = retriesOf(m.budget);
      m.meter.requestId = this.requestId;
      const completion = this.#acc.current;
      // A raw relay (toRawStream) parses nothing: it ends with its timings alone.
      this.#metrics = error
        ? m.meter.fail(error, completion)
        : completion
          ? m.meter.end(completion).metrics
          : m.meter.done();
    }
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /**
   * The call's figures (see CallMetrics), once the stream has ended: time to first token,
   * duration, tokens per second, tokens, finish reason, retries, request id.
   */
  get metrics(): CallMetrics | undefined {
    return this.#metrics;
  }

  /** The content of each chunk, as it arrives (empty deltas skipped). */
  async *text(): AsyncGenerator<string, void, undefined> {
    for await (const chunk of this) {
      const content = chunk.choices[0]?.delta.content;
      if (content) yield content;
    }
  }

  /**
   * The whole answer as a `ChatCompletion` (usage included when the server sent it). Reads the
   * rest of the stream if nobody else is; otherwise waits for that reader to finish.
   */
  async finalCompletion(): Promise<ChatCompletionResult> {
    if (!this.#started) {
      for await (const _ of this);
    } else if (!this.#ended) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    if (this.#ended?.error) throw this.#ended.error;
    const completion = this.#acc.current;
    if (!completion)
      throw new InvalidResponseError(
        `${this.#ex.what}: the stream had no chunks.`,
        this.response.status,
      );
    // Measured when it ended (a relayed stream is not: its figures are the relay's).
    return (
      'metrics' in completion
        ? completion
        : Object.defineProperty(completion, 'metrics', { value: this.#metrics })
    ) as ChatCompletionResult;
  }

  /**
   * The body's bytes as the server sent them, unparsed: for a server that relays the answer to
   * a client which reads the events itself (with this SDK, say), so the relay spends nothing
   * per event. The idle timeout still applies and cancelling it aborts the request, but nothing
   * is checked and a broken connection is not retried: the reader must judge the stream.
   */
  toRawStream(): ReadableStream<Uint8Array> {
    this[Symbol.asyncIterator](); // claims it: one reader only (the iterator is never started)
    const ex = this.#ex;
    const reader = ex.body?.getReader();
    // The key, should the server echo it, never reaches the client (see redact.ts).
    const redact = this.#t.redactor?.();
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          try {
            for (;;) {
              const { done, value } = reader
                ? await ex.read(reader)
                : { done: true, value: undefined };
              if (done) break;
              const bytes = redact ? redact.push(value!) : value!;
              // Held back whole (it ended with the start of the key): read on.
              if (bytes.length) return controller.enqueue(bytes);
            }
            const rest = redact?.end();
            if (rest) controller.enqueue(rest);
            ex.stopWatching();
            controller.close();
          } catch (thrown) {
            ex.disconnect();
            const error = ex.errorFor(thrown);
            // The caller's own abort ends it quietly (see #stopped).
            if (error instanceof APIUserAbortError) {
              controller.close();
              return this.#stopped(error);
            }
            controller.error(error);
          }
          this.#finish();
        },
        cancel: () => {
          this.abort();
          this.#finish();
        },
      },
      // No read-ahead: a chunk is read when the relay asks for one. With the default queue of
      // one, a read is always outstanding besides the relay's, which cost a third more CPU per
      // chunk in apps/demo's relay bench.
      { highWaterMark: 0 },
    );
  }

  /**
   * The stream re-encoded as Server-Sent Events (`data: <chunk>` … `data: [DONE]`), ready to
   * hand to a web `Response`. Cancelling it aborts the upstream request.
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    const iterator = this[Symbol.asyncIterator]();
    const stopped = () => this.#ended?.error instanceof APIUserAbortError;
    const scrub = this.#t.log.scrub;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await iterator.next();
          if (done) {
            // Stopped by the caller: ended without [DONE], so a reader cannot take it as whole.
            if (!stopped()) controller.enqueue(encoder.encode('data: [DONE]\n\n'));
            controller.close();
          } else {
            // Scrubbed of the key like the raw bytes: this is what a relay hands its client.
            controller.enqueue(encoder.encode(`data: ${scrub(JSON.stringify(value))}\n\n`));
          }
        } catch (error) {
          controller.error(error);
        }
      },
      cancel: async () => {
        this.abort();
        await iterator.return?.();
      },
    });
  }
}
