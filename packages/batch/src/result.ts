import {
  APIError,
  Comput3ValidationError,
  InvalidResponseError,
  isRetryableError,
  type ChatCompletionResult,
} from '@comput3/core';
import type { BatchItem, BadLine } from './input.js';

/** How a line failed, in the output and the summary. */
export interface BatchError {
  /**
   * The error's class (`RateLimitError`, `APIConnectionError`, …), `bad_line` for a line that
   * could not be sent, or `cancelled`.
   */
  kind: string;
  /** The HTTP status, for an answer that was an error. */
  status?: number;
  /** The error's message (never with the API key). */
  message: string;
}

/**
 * One line of the output file: one input line, answered or failed, with its figures. Written
 * whole in one write, so a line is either in the output or (cut short by a crash) redone.
 */
export interface BatchResult {
  /** The input line it answers (from 1). */
  line: number;
  /** The input line's `id`, or its number. */
  id: string;
  /** Answered (true), or failed (see `error`). */
  ok: boolean;
  /** The answer's text. */
  content?: string | null;
  /** The model's reasoning, when it sent any apart from the answer. */
  reasoning?: string;
  /** Tool calls the model asked for, as it sent them. */
  tool_calls?: unknown[];
  /** The model that answered. */
  model?: string;
  /** Why the model stopped (`stop`, `length`, `tool_calls`…). */
  finish_reason?: string | null;
  /** Tokens, as the server counted them (or estimated when it sent no count). */
  usage?: {
    /** The prompt's tokens. */
    prompt_tokens: number;
    /** The answer's tokens. */
    completion_tokens: number;
  };
  /** Milliseconds from the request's start to its answer (its last attempt). */
  ms?: number;
  /** How many times it was sent (each with the client's own retries inside). */
  attempts: number;
  /** Why it failed, when `ok` is false. */
  error?: BatchError;
}

export function answered(
  item: BatchItem,
  completion: ChatCompletionResult,
  attempts: number,
): BatchResult {
  const choice = completion.choices[0];
  const m = completion.metrics;
  const result: BatchResult = {
    line: item.line,
    id: item.id,
    ok: true,
    content: choice?.message.content ?? null,
    model: completion.model || item.request.model,
    finish_reason: choice?.finish_reason ?? null,
    usage: {
      prompt_tokens: m.promptTokens ?? 0,
      completion_tokens: m.completionTokens ?? 0,
    },
    ms: m.durationMs,
    attempts,
  };
  if (choice?.message.reasoning_content) result.reasoning = choice.message.reasoning_content;
  if (choice?.message.tool_calls?.length) result.tool_calls = choice.message.tool_calls;
  return result;
}

export function failed(
  item: BatchItem,
  error: unknown,
  attempts: number,
  ms?: number,
): BatchResult {
  return {
    line: item.line,
    id: item.id,
    ok: false,
    attempts,
    ...(ms === undefined ? {} : { ms }),
    error: errorOf(error),
  };
}

export const badLineResult = (bad: BadLine, id: string): BatchResult => ({
  line: bad.line,
  id,
  ok: false,
  attempts: 0,
  error: { kind: 'bad_line', message: `line ${bad.line} ${bad.problem}` },
});

function errorOf(error: unknown): BatchError {
  const e = error as Error;
  const out: BatchError = {
    kind: error instanceof Error ? e.name : 'Error',
    message: error instanceof Error ? e.message : String(error),
  };
  if (error instanceof APIError) out.status = error.status;
  if (error instanceof InvalidResponseError && error.status !== undefined)
    out.status = error.status;
  return out;
}

/**
 * Whether a failed line may be sent again later in the run: what the client would retry (a
 * connection failure, a 429, a 5xx) after its own retries ran out. A bad request, a refused key
 * or an answer that was not an answer fails at once: sending it again costs and changes nothing.
 */
export const worthAnotherAttempt = (error: unknown) =>
  !(error instanceof Comput3ValidationError) && isRetryableError(error);
