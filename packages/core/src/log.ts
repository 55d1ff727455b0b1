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
