import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  Comput3ValidationError,
  InvalidResponseError,
  PermissionDeniedError,
  RateLimitError,
} from '@comput3/core';

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

export function exitCodeFor(error: unknown): number {
  if (error instanceof CliError) return error.code;
  if (error instanceof APIUserAbortError) return EXIT.interrupted;
  if (error instanceof Comput3ValidationError) return EXIT.usage;
  // The answer did not fit --schema: a bad answer to a usage question, as llm reports it.
  if (error instanceof Error && error.name === 'ParseError') return EXIT.usage;
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError)
    return EXIT.auth;
  if (error instanceof RateLimitError) return EXIT.rateLimit;
  if (error instanceof APIConnectionError) return EXIT.network;
  if (error instanceof InvalidResponseError) return EXIT.server;
  if (error instanceof APIError) return error.status >= 500 ? EXIT.server : EXIT.usage;
  return EXIT.error;
}

/** One readable line for stderr. */
export function describeError(error: unknown): string {
  if (error instanceof RateLimitError) {
    const after = error.headers.get('retry-after');
    return `${error.message}${after ? `. Try again in ${after} s.` : ''}`;
  }
  if (error instanceof AuthenticationError) {
    return `${error.message}. Check COMPUT3_API_KEY, or store a key with: comput3 keys set`;
  }
  return error instanceof Error ? error.message : String(error);
}
