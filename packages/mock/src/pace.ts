import type { IncomingMessage } from 'node:http';

/**
 * How fast the mock answers. `instant` sends everything as fast as the socket takes it (tests,
 * benchmarks). `realistic` waits a model's time to first token, then streams at its tokens per
 * second in chunks of 1 to 3 tokens, as real inference servers send them; a non-streamed answer
 * arrives after the whole generation time.
 */
export type Pace = 'realistic' | 'instant';

/** How fast a model answers. */
export interface Latency {
  /** Time to first token, in milliseconds. */
  ttftMs: number;
  /** Tokens generated per second after the first. */
  tokensPerSecond: number;
}

/**
 * Plausible figures for each documented model: larger models start later and generate slower;
 * the small "fast" coding model is quickest. They are the mock's own choice, not measurements of
 * Comput3, and are documented in the README.
 */
export const MODEL_LATENCY: Record<string, Latency> = {
  'hermes4:70b': { ttftMs: 350, tokensPerSecond: 60 },
  'hermes4:405b': { ttftMs: 700, tokensPerSecond: 28 },
  'deepseek-v3.1': { ttftMs: 600, tokensPerSecond: 40 },
  'kimi-k2': { ttftMs: 550, tokensPerSecond: 45 },
  'qwen3-coder:480b': { ttftMs: 500, tokensPerSecond: 50 },
  'qwen3-max': { ttftMs: 650, tokensPerSecond: 35 },
  'grok-code-fast-1': { ttftMs: 250, tokensPerSecond: 120 },
  'claude-sonnet-4': { ttftMs: 800, tokensPerSecond: 55 },
};
/** For ids the mock serves but has no figures for. */
export const DEFAULT_LATENCY: Latency = { ttftMs: 400, tokensPerSecond: 50 };

export const PACE_LIMITS = { ttftMs: 60_000, tokensPerSecond: 100_000 } as const;

/** How fast the mock answers. */
export interface PaceOptions {
  /** `realistic` or `instant` (the default for `startMockServer()`). */
  pace?: Pace;
  /** Overrides every model's time to first token. */
  ttftMs?: number;
  /** Overrides every model's tokens per second. */
  tokensPerSecond?: number;
}

export class PaceError extends Error {
  override name = 'PaceError';
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function whole(
  text: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new PaceError(`The ${name} header must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

/**
 * The pacing for one request: the server's settings, overridden by the request's
 * `x-mock-pace`, `x-mock-ttft-ms` and `x-mock-tokens-per-second` headers. Undefined means
 * instant.
 */
export function pacingFor(
  model: string,
  server: PaceOptions,
  req: IncomingMessage,
): Latency | undefined {
  const asked = header(req, 'x-mock-pace');
  if (asked !== undefined && asked !== 'realistic' && asked !== 'instant') {
    throw new PaceError('The x-mock-pace header must be "realistic" or "instant".');
  }
  const ttft = whole(header(req, 'x-mock-ttft-ms'), 'x-mock-ttft-ms', 0, PACE_LIMITS.ttftMs);
  const tps = whole(
    header(req, 'x-mock-tokens-per-second'),
    'x-mock-tokens-per-second',
    1,
    PACE_LIMITS.tokensPerSecond,
  );
  const pace = asked ?? (ttft !== undefined || tps !== undefined ? 'realistic' : server.pace);
  if (pace !== 'realistic') return undefined;
  const base = MODEL_LATENCY[model] ?? DEFAULT_LATENCY;
  return {
    ttftMs: ttft ?? server.ttftMs ?? base.ttftMs,
    tokensPerSecond: tps ?? server.tokensPerSecond ?? base.tokensPerSecond,
  };
}
