/** Where log lines go; `console` fits. */
export interface Logger {
  error(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

export const LOG_LEVELS = ['off', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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
