import type { CallMetrics, ChatCompletion, KeptMetrics } from '@comput3/core';
import { forName } from './render/safe-output.js';

/**
 * What one answer cost and how fast it came: shown after it, kept in the log, in --json. The
 * SDK's figures (CallMetrics), under the SDK's names, as the log keeps them.
 */
export type TurnStats = KeptMetrics & {
  /** False for --no-stream: then `timeToFirstTokenMs` is the whole answer's time, and is labelled so. */
  streamed?: boolean;
  /** --fallback: the models that failed before `model` answered, each with why (`kimi-k2: 503`). */
  fellBack?: string[];
  /** --mcp: the model answers asked for (rounds), the tool calls, and the time spent in them. */
  tools?: { rounds: number; calls: number; ms: number };
};

/** Figures as logs written before 0.3 kept them (`ttftMs`, `totalMs`, `id`), read as today's. */
export function storedStats(stats: Record<string, unknown>): TurnStats {
  const { ttftMs, totalMs, id, ...rest } = stats;
  return {
    ...(ttftMs !== undefined ? { timeToFirstTokenMs: ttftMs } : {}),
    ...(totalMs !== undefined ? { durationMs: totalMs } : {}),
    ...(id !== undefined ? { requestId: id } : {}),
    ...rest,
  } as TurnStats;
}

/**
 * The SDK's figures for a call (CallMetrics: one definition for the SDK, the CLI and the
 * demo), in the shape the logs keep.
 */
export function statsFor(metrics: CallMetrics, streamed: boolean): TurnStats {
  return {
    model: metrics.model,
    timeToFirstTokenMs: Math.round(metrics.timeToFirstTokenMs ?? metrics.durationMs),
    durationMs: Math.round(metrics.durationMs),
    tokensPerSecond: metrics.tokensPerSecond,
    promptTokens: metrics.promptTokens,
    completionTokens: metrics.completionTokens,
    finishReason: metrics.finishReason,
    requestId: metrics.requestId,
    ...(streamed ? {} : { streamed: false }),
    ...(metrics.fallbacks?.length ? { fellBack: metrics.fallbacks.map(failedModel) } : {}),
  };
}

/**
 * `kimi-k2: 503 overloaded`, `kimi-k2: APIConnectionError`, `kimi-k2: slower` (a hedge's loser,
 * cancelled): a model that gave way, and why.
 */
function failedModel({ model, error }: { model: string; error: Error }): string {
  const { status, code } = error as { status?: unknown; code?: unknown };
  const why =
    typeof status === 'number'
      ? `${status}${typeof code === 'string' && code ? ` ${code}` : ''}`
      : error.name === 'APIUserAbortError'
        ? 'slower'
        : error.name;
  return `${model}: ${why}`;
}

/**
 * `kimi-k2 · first token 352 ms · 58.1 tokens/s · 12 + 240 tokens · req_mock_3`; given a
 * terminal's width, broken between figures rather than inside one.
 */
export function statsLine(s: TurnStats, columns?: number): string {
  const parts = [
    s.fellBack?.length
      ? `${forName(s.model)} (after ${s.fellBack.map(forName).join(', ')})`
      : forName(s.model),
    s.streamed === false
      ? `whole answer in ${s.durationMs} ms`
      : `first token ${s.timeToFirstTokenMs} ms`,
  ];
  if (s.tokensPerSecond !== undefined) parts.push(`${s.tokensPerSecond} tokens/s`);
  if (s.promptTokens !== undefined)
    parts.push(`${s.promptTokens} + ${s.completionTokens ?? '?'} tokens`);
  if (s.tools?.calls) {
    const { rounds, calls, ms } = s.tools;
    parts.push(
      `${rounds} rounds, ${calls} tool call${calls === 1 ? '' : 's'} in ${ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`}`,
    );
  }
  if (s.requestId) parts.push(forName(s.requestId));
  if (!columns) return parts.join(' · ');
  const lines = [''];
  for (const part of parts) {
    const last = lines.length - 1;
    const joined = lines[last] ? `${lines[last]} · ${part}` : part;
    if (lines[last] && joined.length > columns - 1) lines.push(part);
    else lines[last] = joined;
  }
  return lines.join('\n');
}

/** A note when `max_tokens` cut the answer; undefined when it did not. */
export const cutNote = (s: TurnStats) =>
  s.finishReason === 'length'
    ? `[cut short at the max_tokens limit${s.completionTokens ? ` (${s.completionTokens} tokens)` : ''}: raise --max-tokens for the rest]`
    : undefined;

/** The server's token counts; a count that is not a whole number is shown as `?`, never as sent. */
export function usageLine(completion: ChatCompletion): string {
  const u = completion.usage as Record<string, unknown> | null | undefined;
  const n = (v: unknown) => (Number.isSafeInteger(v) && (v as number) >= 0 ? String(v) : '?');
  return u && typeof u === 'object'
    ? `tokens: ${n(u.prompt_tokens)} prompt + ${n(u.completion_tokens)} completion = ${n(u.total_tokens)}`
    : 'tokens: the API sent no usage';
}
