/** Where log lines go; `console` fits. */
export interface Logger {
  error(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

const RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** A leveled logger that never lets the API key through. Internal. */
export class Log {
  readonly #rank: number;
  constructor(
    readonly logger: Logger,
    level: LogLevel,
    readonly scrub: (text: string) => string,
  ) {
    this.#rank = RANK[level] ?? 0;
  }

  enabled(level: Exclude<LogLevel, 'off'>): boolean {
    return this.#rank >= RANK[level];
  }

  write(level: Exclude<LogLevel, 'off'>, message: string): void {
    if (this.enabled(level)) this.logger[level](`[comput3] ${this.scrub(message)}`);
  }
}

/** Headers as one line for the debug log, with the credentials hidden. */
export function headersForLog(headers: Headers): string {
  const parts: string[] = [];
  headers.forEach((value, name) => {
    parts.push(`${name}: ${name === 'authorization' ? value.replace(/ .*/, ' ***') : value}`);
  });
  return parts.join(', ');
}
