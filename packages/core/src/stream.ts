import type { ChatCompletion, ChatCompletionChunk } from '@comput3/api';
import { CompletionAccumulator } from './internal/accumulate.js';
import {
  APIConnectionError,
  APIUserAbortError,
  Comput3Error,
  InvalidResponseError,
  type StreamEnding,
} from './errors.js';
import { apiError, readErrorBody } from './internal/error-body.js';
import { EventDecoder, type StreamSettings } from './internal/events.js';
import { Exchange } from './internal/exchange.js';
import { Log } from './log.js';
import { withFigures, type CallMetrics, type ChatCompletionResult, type Meter } from './metrics.js';
import type { Failure } from './request.js';
import { scrubbed } from './internal/secrets.js';
import { chunkProblem } from './internal/shape.js';
import { NetworkFailure } from './internal/transport.js';

/**
 * Opens a fresh connection for the same request after `failure`, through `send()`'s retry rule
 * and the request's remaining retry budget; `signal` stops the wait. Used only before the first
 * chunk has reached the caller.
 */
type Reconnect = (failure: Failure, signal: AbortSignal) => Promise<Exchange>;

/** What the server entry's relays need of a stream (see `_relay()`). Internal. */
type RelayHooks = [
  exchange: Exchange,
  settings: StreamSettings,
  /** Ends the stream: quietly after the caller's abort, else as finished. */
  end: (abort?: APIUserAbortError) => void,
  /** How it ended, once it has. */
  ended: () => { error?: Comput3Error } | undefined,
];

/** What a stream is made from. Internal. */
interface StreamSource {
  /** The connection whose body is the stream. */
  exchange: Exchange;
  /** Its limits, and how its text is cleaned for messages. */
  settings: StreamSettings;
  /**
   * Another connection after a failure before the first chunk. None for a stream read from a
   * relay (`fromReadableStream`): the relay made the request, so nothing is retried here.
   */
  reconnect?: Reconnect;
  /** The caller's signal: it stops a reconnection wait too, not only the connection. */
  signal?: AbortSignal | undefined;
  /** Measures the call. None for a stream read from a relay: its figures are the relay's. */
  meter?: Meter;
  /** Split `<think>` blocks out of the content; by default, for the models known to write them. */
  thinkTags?: boolean | undefined;
}

/**
 * One connection being read: its body's reader and its events. Empty when the answer is an
 * error status (a relay's): its body is the error. Internal.
 */
type Reading = [ReadableStreamDefaultReader<Uint8Array>?, EventDecoder<ChatCompletionChunk>?];

// The relays, declared here and installed on servers by the server entry (relay.ts): a
// browser, which never relays, does not ship them (a quarter of the main entry's bytes).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface ChatCompletionStream {
  /**
   * A ready `Response` for a web route handler: the stream re-encoded as SSE (`raw: true`: the
   * API's bytes, see `toRawStream()`), with the headers a relay needs: `text/event-stream`, no
   * caching or proxy buffering, and the request id. On servers (Node, Bun, Deno, Workers, edge
   * runtimes): a browser build of the SDK leaves the relays out.
   */
  toResponse(init?: ResponseInit & { raw?: boolean }): Response;
  /**
   * The body's bytes as the server sent them, unparsed: for a server that relays the answer to
   * a client which reads the events itself (with this SDK, say), so the relay spends nothing
   * per event. The idle timeout still applies and cancelling it aborts the request, but nothing
   * is checked and a broken connection is not retried: the reader must judge the stream. The
   * key, should the server echo it, never reaches the client (see secrets-in-bytes.ts). On
   * servers, as `toResponse()`.
   */
  toRawStream(): ReadableStream<Uint8Array>;
  /**
   * The stream re-encoded as Server-Sent Events (`data: <chunk>` … `data: [DONE]`), ready to
   * hand to a web `Response`. Cancelling it aborts the upstream request. On servers, as
   * `toResponse()`.
   */
  toReadableStream(): ReadableStream<Uint8Array>;
}

/**
 * A streamed chat completion. Iterate it for `ChatCompletionChunk`s, or use `text()` for the
 * content alone, or `finalCompletion()` for the whole answer. It can be consumed once.
 *
 * The layers under it: events.ts reads one connection's bytes into checked JSON events (SSE,
 * `[DONE]`, error events, the size limits); accumulate.ts folds chunks into the answer;
 * metrics.ts measures the call; relay.ts hands the stream on from a server. This class joins
 * them: it reads, reconnects before the first chunk, and ends the stream one way or another.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ChatCompletionStream implements AsyncIterable<ChatCompletionChunk> {
  #exchange: Exchange;
  readonly #settings: StreamSettings;
  readonly #reconnect: Reconnect | undefined;
  readonly #meter: Meter | undefined;
  readonly #answer: CompletionAccumulator;
  #started = false;
  /** A token has reached the caller: the stream is no longer retried. */
  #delivered = false;
  #ended: { error?: Comput3Error } | undefined;
  #waiters: (() => void)[] = [];
  readonly #stop = new AbortController();
  #release = () => {};
  #metrics: CallMetrics | undefined;

  /** @internal Created by `client.chat.completions.create({ stream: true })`. */
  constructor({ exchange, settings, reconnect, signal, meter, thinkTags }: StreamSource) {
    this.#answer = new CompletionAccumulator(thinkTags);
    this.#exchange = exchange;
    this.#settings = settings;
    this.#reconnect = reconnect;
    this.#meter = meter;
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
    const log = new Log(console, 'off', String); // nothing to scrub: no key here
    // The relay's own timeout covers the upstream; this one only ends a relay gone silent.
    const exchange = new Exchange({
      what: 'the relayed stream',
      timeout: 6e5, // 10 minutes
      signal: options.signal,
      log,
    });
    exchange.response = response;
    exchange.body = response.body;
    return new ChatCompletionStream({
      exchange,
      signal: options.signal,
      settings: {
        log,
        maxEventSize: options.maxEventSize ?? 2 ** 24, // 16 MiB
        maxResponseSize: options.maxResponseSize ?? 2 ** 26, // 64 MiB
      },
    });
  }

  /** The HTTP response whose body is being read. */
  get response(): Response {
    return this.#exchange.response;
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
    this.#exchange.abort('user');
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
    const reconnect = this.#reconnect;
    try {
      for (;;) {
        const exchange = this.#exchange;
        try {
          const [reader, events] = this.#open(exchange);
          if (!reader || !events) {
            const body = await readErrorBody(exchange);
            throw apiError(this.#settings.log.scrub, exchange.what, exchange.response, body);
          }
          // The network reads are awaited here, in the generator itself: an async call per
          // read, or a generator per chunk, cost more than the chunk.
          for (;;) {
            let next: ReadableStreamReadResult<Uint8Array>;
            try {
              next = await reader.read();
            } catch (thrown) {
              throw new NetworkFailure(thrown);
            }
            if (next.done) {
              events.end(this.#answer.finished);
              break;
            }
            for (const chunk of events.push(next.value)) yield chunk;
            if (events.done) {
              await reader.cancel().catch(() => {});
              break;
            }
          }
          this.#finish();
          return;
        } catch (thrown) {
          // Whatever ended the stream, the connection goes too: a server still sending after a
          // broken event must not keep the socket.
          exchange.disconnect();
          const error = exchange.errorFor(thrown);
          // A local exception is no failure of the answer's: it goes to the caller as it is.
          if (!(error instanceof Comput3Error)) {
            this.#finish();
            throw error;
          }
          if (error instanceof APIUserAbortError) return this.#finish(error);
          // Nothing reached the caller yet, so trying again cannot duplicate anything.
          if (this.#delivered || !(error instanceof APIConnectionError) || !reconnect) {
            this.#fail(error);
          }
          try {
            const retryable = !error.permanent;
            this.#exchange = await reconnect({ error, retryable }, this.#stop.signal);
          } catch (final) {
            if (final instanceof APIUserAbortError) return this.#finish(final);
            if (final instanceof Comput3Error) this.#fail(final);
            this.#finish();
            throw final;
          }
        }
      }
    } finally {
      // Reached early when the caller stops iterating (break, return): free the connection.
      if (!this.#ended) {
        this.#exchange.disconnect();
        this.#finish();
      }
    }
  }

  /** Sets up reading one connection's events (none for an error status: its body is read). */
  #open(exchange: Exchange): Reading {
    if (!exchange.response.ok) return [];
    const reader = exchange.body?.getReader();
    if (!reader) {
      throw new InvalidResponseError(
        `${exchange.what} answered with an empty stream.`,
        exchange.response.status,
      );
    }
    const relayed = !this.#reconnect;
    // A relayed body is not the exchange's own fetch: an abort must cancel the read itself.
    if (relayed) {
      exchange.controller.signal.addEventListener(
        'abort',
        () => void reader.cancel().catch(() => {}),
      );
    }
    const events = new EventDecoder(
      exchange,
      this.#settings,
      chunkProblem,
      'a chat completion chunk',
      // Folded into the answer as it is read, so an error part-way has a partial to offer.
      (chunk) => {
        this.#answer.add(chunk);
        // The first content or tool-call delta is the first token, the first reasoning delta the
        // first thought (the meter notes each once).
        const delta = chunk.choices[0]?.delta;
        const thought = delta?.reasoning_content;
        if (delta?.content || delta?.tool_calls) this.#meter?.first();
        else if (!thought) return;
        if (thought) this.#meter?.first(true);
        // A token has come: from now on nothing is retried (an answer is never spliced). Chunks
        // before it (the role) may come again from a reconnection: they carry no text.
        this.#delivered = true;
        exchange.firstToken();
      },
      relayed,
    );
    return [reader, events];
  }

  /** Ends the stream with `error`, carrying what had arrived so far. */
  #fail(error: Comput3Error & StreamEnding): never {
    this.#finish(error);
    throw error;
  }

  /**
   * Ends the stream, with an error or without. The error keeps what came of the answer
   * (`partial`, scrubbed like everything else it keeps). One the caller caused (its signal,
   * `abort()`) ends the stream quietly, as openai's streams do, so a relay that aborts when its
   * client leaves has no error to handle: iteration and the readable streams just end, and
   * `finalCompletion()` still rejects with the abort.
   */
  #finish(error?: Comput3Error & StreamEnding): void {
    this.#release(); // a long-lived caller signal must not keep a finished stream alive
    const completion = this.#answer.current;
    if (error)
      error.partial =
        completion && (scrubbed(completion, this.#settings.log.scrub) as ChatCompletion);
    this.#ended = error ? { error } : {};
    const meter = this.#meter;
    if (meter && !this.#metrics) {
      meter.response = this.response;
      // A raw relay (toRawStream) parses nothing: it ends with its timings alone.
      this.#metrics = error ? meter.fail(error, completion) : meter.end(completion);
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
    const completion = this.#answer.current;
    if (!completion)
      throw new InvalidResponseError(
        `${this.#exchange.what}: the stream had no chunks.`,
        this.response.status,
      );
    // Measured when it ended (a relayed stream is not: its figures are the relay's). Each call
    // gets a fresh copy of the answer, so each gets the figures.
    return withFigures(completion, this.#metrics!, this.response);
  }

  /**
   * What the relays of the server entry (relay.ts) read of the stream and end it with. A browser
   * bundle has no relays. @internal
   */
  _relay(): RelayHooks {
    return [this.#exchange, this.#settings, (abort) => this.#finish(abort), () => this.#ended];
  }
}
