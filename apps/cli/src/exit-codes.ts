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
import { CliError, EXIT } from './cli-error.js';

// The exit codes and CliError live in cli-error.ts, which loads nothing: `--version` and `--help`
// do not pay for the SDK's error classes.
export { CliError, EXIT };

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
