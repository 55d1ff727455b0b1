/** Where log lines go; `console` fits. */
export interface Logger {
  /** Not written by the client today (it writes `info` and `debug`); here so `console` fits. */
  error(message: string, ...rest: unknown[]): void;
  /** Not written by the client today; here so `console` and common loggers fit. */
  warn(message: string, ...rest: unknown[]): void;
  /** Each request's status and time, and each retry with its delay. */
  info(message: string, ...rest: unknown[]): void;
  /** The request's and the response's headers, the key taken out. */
  debug(message: string, ...rest: unknown[]): void;
}

/** How much the client logs: `off`, or every line at this level and the ones above it. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';
/** @internal */
export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

/** A leveled logger that never lets the API key through. Internal. */
export class Log {
  readonly #rank: number;
  constructor(
    readonly logger: Logger,
    level: LogLevel,
    readonly scrub: (text: string) => string,
  ) {
    this.#rank = LOG_LEVELS.indexOf(level);
  }

  enabled(level: Exclude<LogLevel, 'off'>): boolean {
    return this.#rank >= LOG_LEVELS.indexOf(level);
  }

  write(level: Exclude<LogLevel, 'off'>, message: string): void {
    if (this.enabled(level)) this.logger[level](`[comput3] ${this.scrub(message)}`);
  }
}

/** Headers as one line for the debug log, with the credentials hidden. */
export function headersForLog(headers: Headers): string {
  return [...headers]
    .map(
      ([name, value]) =>
        `${name}: ${name === 'authorization' ? value.replace(/ .*/, ' ***') : value}`,
    )
    .join(', ');
}

/**
 * A copy of JSON-like data with `scrub` applied to every string in it, keys included. Objects
 * are rebuilt with `Object.fromEntries`, which defines `__proto__` as a plain key rather than
 * setting a prototype; past a depth of 16, nesting is dropped.
 */
export function scrubbed(value: unknown, scrub: (text: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value !== 'object' || value === null || depth > 16) {
    return typeof value === 'object' && value !== null ? undefined : value;
  }
  if (Array.isArray(value)) return value.map((v) => scrubbed(v, scrub, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [scrub(k), scrubbed(v, scrub, depth + 1)]),
  );
}
