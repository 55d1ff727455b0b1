import { InvalidResponseError } from '../errors.js';
import { apiError } from './error-body.js';
import type { Exchange } from './exchange.js';
import type { Log } from '../log.js';
import { cut, type Redactor } from './secrets.js';
import { SSEParser } from './sse.js';

/**
 * What a stream may send, and how text from it is cleaned for a message: the client's
 * settings (a `Transport` is one), or a relayed stream's own (`fromReadableStream`). Internal.
 */
export interface StreamSettings {
  /** Its `scrub` takes the key out of every message. */
  log: Log;
  /** Characters of one event (or one of its lines) held at the most. */
  maxEventSize: number;
  /** Characters of all the events of one connection read at the most. */
  maxResponseSize: number;
  /** Takes the key out of relayed bytes (`toRawStream()`); none in a browser, or with no key. */
  redactor?: (() => Redactor) | undefined;
}

const STREAMING = { stream: true };

/**
 * The protocol under a streamed answer, for one connection: bytes in, JSON events out, the way
 * OpenAI-compatible servers send them. Server-Sent Events (or, from a relay, one JSON value a
 * line) are parsed in one pass (sse.ts); `data: [DONE]` ends the stream and what follows it is
 * dropped; an event with an `error` body is that error (an APIError); an event that is not JSON,
 * or that `check` finds wrong, is an InvalidResponseError. Bounded: an event over
 * `maxEventSize`, or events adding up to over `maxResponseSize`, are an InvalidResponseError
 * naming the option. Knows nothing of chat: the stream above (stream.ts) gives the check and
 * folds the events into an answer. Internal.
 */
export class EventDecoder<T> {
  readonly #exchange: Exchange;
  readonly #settings: StreamSettings;
  readonly #check: (value: T) => string | undefined;
  readonly #shape: string;
  readonly #take: (value: T) => void;
  readonly #parser: SSEParser;
  readonly #text = new TextDecoder();
  /** The events of the last read: one array for the whole connection. */
  readonly #batch: T[] = [];
  #size = 0;
  /** `data: [DONE]` has arrived. */
  done = false;

  /**
   * `check` says what is wrong with an event, in words (undefined when nothing is); `shape`
   * names what an event must be ("a chat completion chunk"); `take` is given each event as it
   * is read, before any later one can fail (so what arrived is kept); `relayed`: read from a
   * relay, whose format (SSE or JSON lines) is told by its first line.
   */
  constructor(
    exchange: Exchange,
    settings: StreamSettings,
    check: (value: T) => string | undefined,
    shape: string,
    take: (value: T) => void,
    relayed: boolean,
  ) {
    this.#exchange = exchange;
    this.#settings = settings;
    this.#check = check;
    this.#shape = shape;
    this.#take = take;
    this.#parser = new SSEParser(settings.maxEventSize, relayed);
  }

  /** The events completed by one network read, parsed and checked. */
  push(bytes: Uint8Array): T[] {
    const exchange = this.#exchange;
    const settings = this.#settings;
    exchange.touch();
    const events = this.#parser.push(this.#text.decode(bytes, STREAMING));
    if (!events) {
      throw new InvalidResponseError(
        `${exchange.what}: a stream event is over ${settings.maxEventSize} characters, the maxEventSize option: raise it if such an event is expected.`,
        exchange.response.status,
      );
    }
    const batch = this.#batch;
    batch.length = 0; // the last batch has been handed on by now
    for (const { data } of events) {
      if (data === '[DONE]') {
        exchange.stopWatching();
        this.done = true;
        break;
      }
      // What the events carry is kept (stream.ts folds it into the answer) even when the caller
      // drops each chunk: bounded, so an endless stream is an error at the cap, not a process
      // out of memory.
      if ((this.#size += data.length) > settings.maxResponseSize) {
        throw new InvalidResponseError(
          `${exchange.what} answered a stream over ${settings.maxResponseSize} characters, the maxResponseSize option: raise it if such an answer is expected.`,
          exchange.response.status,
        );
      }
      const value = this.#parse(data);
      this.#take(value);
      batch.push(value);
    }
    return batch;
  }

  /**
   * The body ended: an InvalidResponseError if it broke off in the middle of an event, or if it
   * ended before `data: [DONE]` while the layer above has no whole answer (`whole`: for a chat
   * stream, every choice has had its `finish_reason`, which is enough for servers that never
   * send `[DONE]`). So a cut answer never passes for a whole one.
   */
  end(whole: boolean): void {
    const exchange = this.#exchange;
    exchange.stopWatching();
    this.#parser.push(this.#text.decode());
    const cut = this.#parser.pending
      ? 'broke off in the middle of an event'
      : !whole && 'ended before "data: [DONE]" and before every choice had a finish_reason';
    if (cut) {
      throw new InvalidResponseError(
        `${exchange.what}: the stream ${cut}, so the answer is incomplete.`,
        exchange.response.status,
      );
    }
  }

  #parse(data: string): T {
    const exchange = this.#exchange;
    const settings = this.#settings;
    const { scrub } = settings.log;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      throw new InvalidResponseError(
        `${exchange.what}: a stream event is not valid JSON: ${JSON.stringify(cut(data, scrub, 120))}`,
        exchange.response.status,
      );
    }
    // OpenAI-compatible servers report a failure mid-stream as an event with an `error` body.
    if ((parsed as { error?: unknown } | null)?.error) {
      throw apiError(scrub, exchange.what, exchange.response, parsed);
    }
    const wrong = this.#check(parsed as T);
    if (wrong) {
      throw new InvalidResponseError(
        scrub(`${exchange.what}: a stream event is not ${this.#shape}: ${wrong}.`),
        exchange.response.status,
      );
    }
    return parsed as T;
  }
}
