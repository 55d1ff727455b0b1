/** The exit codes `comput3` uses; the README lists them. Scripts may rely on them. */
export const EXIT = {
  ok: 0,
  /** Anything not covered below. */
  error: 1,
  /** Bad flags, bad input, or a request the API rejected as invalid (400/404/422). */
  usage: 2,
  /** No key, or the key was refused (401/403). */
  auth: 3,
  /** Rate limited (429) after the retries. */
  rateLimit: 4,
  /** Could not reach the API, or it went quiet past --timeout. */
  network: 5,
  /** The API failed (5xx) or answered something that is not what the spec says. */
  server: 6,
  /** Ctrl-C. */
  interrupted: 130,
} as const;

/** A failure the CLI itself detects, with the exit code it deserves. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.usage,
  ) {
    super(message);
  }
}
