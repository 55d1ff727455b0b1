import type { ChatCompletion, ChatCompletionRequest } from '@comput3/api';
import { retriesOf, type RetryBudget } from './request.js';

/**
 * What one call cost and how fast it came, measured by the SDK for every chat completion:
 * `completion.metrics` (non-streamed, and from `stream.finalCompletion()`) and
 * `stream.metrics`. One definition, so the CLI, the demo and any app show the same figures.
 */
export interface CallMetrics {
  /** The server's `x-request-id`, for its support and logs. */
  requestId: string | undefined;
  /** The model that answered (as the response names it), else the one asked for. */
  model: string;
  /** When the call started (`Date.now()`), before its first attempt. */
  startedAt: number;
  /** Streams: milliseconds from the start to the first content or tool-call delta of the answer. */
  timeToFirstTokenMs: number | undefined;
  /** Streams: milliseconds from the start to the first piece of reasoning, when the model reasoned. */
  timeToFirstReasoningMs: number | undefined;
  /**
   * Tokens spent reasoning: the server's `usage.completion_tokens_details.reasoning_tokens`,
   * else estimated from the reasoning text; undefined when there was none.
   */
  reasoningTokens: number | undefined;
  /** Milliseconds from the start to the end of the answer (or of the failure). */
  durationMs: number;
  /**
   * Completion tokens per second of the whole call, from its start to the last token, streamed
   * or not. Not from the first token: a client too busy to read (a loaded machine, a slow
   * renderer) sees a stream's tokens late and together, and a rate over that collapsed interval
   * would be many times what the server did. Over the whole call a slow client can only make
   * the figure lower, never higher. Undefined with no tokens or no time to divide by.
   */
  tokensPerSecond: number | undefined;
  /** Tokens in the request: the server's `usage.prompt_tokens`, else an estimate. */
  promptTokens: number | undefined;
  /** Tokens in the answer: the server's `usage.completion_tokens`, else an estimate. */
  completionTokens: number | undefined;
  /**
   * True when the server sent no usage and the token counts are estimates (four characters
   * to a token, as OpenAI's rule of thumb has it).
   */
  estimated: boolean;
  /** Why the model stopped (`stop`, `length`, `tool_calls`, …), when it said. */
  finishReason: string | undefined;
  /** Attempts after the first: retries, and reconnections of a stream before its first chunk. */
  retries: number;
  /**
   * Calls with `fallback` only: each model that failed before its first token, in order, and
   * why; empty when the first model answered.
   */
  fallbacks?: FallenBack[];
}

/** A model that gave way, in `CallMetrics.fallbacks`. */
export interface FallenBack {
  /** The model asked. */
  model: string;
  /** Why it gave way: its error, or, with `hedge`, an `APIUserAbortError` saying it was outrun. */
  error: Error;
}

/**
 * The figures an app keeps beside an answer it saves (the CLI's conversation log, the web
 * chat's store): a CallMetrics without what matters only while the call runs, with the time to
 * the first token always set (for an answer not streamed, the time to the whole answer).
 */
export type KeptMetrics = Pick<
  CallMetrics,
  | 'model'
  | 'durationMs'
  | 'tokensPerSecond'
  | 'promptTokens'
  | 'completionTokens'
  | 'finishReason'
  | 'requestId'
> & {
  /** Milliseconds to the first token as the person saw it (to the whole answer, unstreamed). */
  timeToFirstTokenMs: number;
};

/** A chat completion as the SDK returns it: the API's answer, its figures and its response. */
export type ChatCompletionResult = ChatCompletion & {
  /** The call's figures; not enumerable, so `JSON.stringify` leaves them out. */
  readonly metrics: CallMetrics;
  /**
   * The HTTP response it came in (its status and headers; its body has been read). Not
   * enumerable, as `metrics`.
   */
  readonly response: Response;
};

/** What an observer is told when a call starts. */
export interface CallInfo {
  /** What is being called; only chat completions are observed. */
  operation: 'chat';
  /** The model asked for. */
  model: string;
  /** Whether the answer is streamed. */
  stream: boolean;
  /** The client's base URL (OpenTelemetry's server.address and server.port come from it). */
  baseURL: string;
  /** The request as sent (for an observer that records prompts, when asked to). */
  request: ChatCompletionRequest;
}

/** What one call reports to its observer; each is optional. */
export interface CallListener {
  /** An attempt failed and another follows after `delayMs`. */
  retry?(attempt: number, error: Error, delayMs: number): void;
  /** With `fallback`: a model failed with `error` before its first token; `next` is tried now. */
  fallback?(next: string, error: Error): void;
  /** The first content or tool-call delta of a stream arrived. */
  firstToken?(msSinceStart: number): void;
  /** The call ended: its figures, and the completion (folded from the chunks when streamed). */
  end?(metrics: CallMetrics, completion: ChatCompletion | undefined): void;
  /** The call failed for good (after any retries), or the caller aborted it. */
  error?(error: unknown, metrics: CallMetrics): void;
}

/**
 * `new Comput3({ observe })`: called as each chat completion starts; what it returns hears the
 * rest of that call. With none, nothing is called (and nothing extra is done). See
 * `@comput3/core/otel` for OpenTelemetry spans and metrics.
 */
export type CallObserver = (call: CallInfo) => CallListener | void;

/**
 * The figures of one call, taken as it goes. Internal. Written small: it is in every call of
 * the main entry, whose budget is 10 kB gzipped.
 */
export class Meter {
  readonly startedAt = Date.now();
  readonly #t0 = performance.now();
  #first: number | undefined;
  #thought: number | undefined;
  /** The call's retries so far (a stream's reconnections draw on them too). */
  budget: RetryBudget | undefined;
  /** The answer's response, once it has come: its request id is the call's. */
  response: Response | undefined;
  /** The models that gave way, on a call with a fallback (internal/fallback.ts). */
  declare fallbacks: CallMetrics['fallbacks'];
  constructor(
    readonly request: ChatCompletionRequest,
    readonly listener: CallListener | void,
  ) {}

  /** Marks the first token of the answer, or with `thought` of the reasoning (each once). */
  first(thought?: boolean): void {
    if (thought) this.#thought ??= performance.now();
    else if (this.#first === undefined) {
      this.#first = performance.now();
      this.listener?.firstToken?.(this.#first - this.#t0);
    }
  }

  metrics(completion?: ChatCompletion): CallMetrics {
    const now = performance.now();
    const first = this.#first;
    // Counts from a server are whole numbers or are not used (checked as numbers first: comparing
    // a hostile object would call its methods): a string (escape codes and all), NaN or an object in `usage` is dropped, and the
    // counts are estimated as if there were none.
    const sent = completion?.usage;
    const whole = (n: unknown) =>
      Number.isSafeInteger(n) && (n as number) >= 0 ? (n as number) : undefined;
    const usage =
      sent && [sent.prompt_tokens, sent.completion_tokens].every((n) => whole(n) !== undefined)
        ? sent
        : undefined;
    // No usage from the server: four characters to a token, as OpenAI's rule of thumb has it.
    const guess = (text: string | null | undefined) => Math.ceil((text?.length ?? 0) / 4);
    const completionTokens = usage
      ? usage.completion_tokens
      : completion && guess(completion.choices.map((c) => c.message.content).join(''));
    const seconds = (now - this.#t0) / 1000;
    const reasoning = completion?.choices.map((c) => c.message.reasoning_content ?? '').join('');
    return {
      requestId: this.response?.headers.get('x-request-id') ?? undefined,
      model: completion?.model || this.request.model,
      startedAt: this.startedAt,
      timeToFirstTokenMs: first && Math.round(first - this.#t0),
      timeToFirstReasoningMs: this.#thought && Math.round(this.#thought - this.#t0),
      reasoningTokens: reasoning
        ? (whole(usage?.completion_tokens_details?.reasoning_tokens) ?? guess(reasoning))
        : undefined,
      durationMs: Math.round(now - this.#t0),
      tokensPerSecond:
        completionTokens && seconds > 0
          ? Math.round((completionTokens / seconds) * 10) / 10
          : undefined,
      promptTokens: usage
        ? usage.prompt_tokens
        : completion && guess(JSON.stringify(this.request.messages)),
      completionTokens,
      estimated: !usage && !!completion,
      finishReason: completion?.choices[0]?.finish_reason ?? undefined,
      retries: this.budget ? retriesOf(this.budget) : 0,
      fallbacks: this.fallbacks,
    };
  }

  /**
   * Tells the listener how the call ended: with its answer, or (a raw relay, which parses
   * nothing) with its timings alone.
   */
  end(completion?: ChatCompletion): CallMetrics {
    const metrics = this.metrics(completion);
    this.listener?.end?.(metrics, completion);
    return metrics;
  }

  fail(error: unknown, completion?: ChatCompletion): CallMetrics {
    const metrics = this.metrics(completion);
    this.listener?.error?.(error, metrics);
    return metrics;
  }
}

/**
 * The completion with its figures and its response beside it, not enumerable: `JSON.stringify`
 * and spreading give the API's answer as it came. Internal.
 */
export const withFigures = (completion: ChatCompletion, metrics: CallMetrics, response: Response) =>
  Object.defineProperties(completion, {
    metrics: { value: metrics },
    response: { value: response },
  }) as ChatCompletionResult;
