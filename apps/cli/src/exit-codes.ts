import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  Comput3ValidationError,
  InvalidResponseError,
  KNOWN_MODELS,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from '@comput3/core';
import { nearest } from './nearest.js';
import { CliError, EXIT } from './cli-error.js';

// The exit codes and CliError live in cli-error.ts, which loads nothing: `--version` and `--help`
// do not pay for the SDK's error classes.

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

/**
 * The known id `model` most likely meant: one it is the start of (`hermes4` for hermes4:70b),
 * else one a typo away. Unknown ids are still sent as given: the list changes.
 */
export function didYouMean(model: string): string | undefined {
  const lower = model.toLowerCase();
  const starts = KNOWN_MODELS.filter((id) => id.toLowerCase().startsWith(lower));
  if (starts.length) return starts[0];
  return nearest(model, KNOWN_MODELS);
}

/** The API's "no such model", in the CLI's words: what to run, and the request id. */
function unknownModel(error: NotFoundError, model: string | undefined): string | undefined {
  const said = error.error?.message ?? '';
  if (error.code !== 'model_not_found' && !/model/i.test(said)) return;
  model ??= /model [`"']([^`"']+)[`"']/i.exec(said)?.[1];
  const name = model ?? 'that model';
  const guess = model ? didYouMean(model) : undefined;
  return [
    `The API has no model "${name}"${guess && guess !== model ? `: did you mean ${guess}?` : '.'}`,
    'comput3 models lists the known ids (--remote asks the API).',
    error.requestId ? `(request id ${error.requestId})` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** One readable line for stderr; `model` is the one asked for, when there was one. */
export function describeError(error: unknown, model?: string): string {
  if (error instanceof NotFoundError) {
    const said = unknownModel(error, model);
    if (said) return said;
  }
  if (error instanceof RateLimitError) {
    const after = error.headers.get('retry-after');
    return `${error.message}${after ? `. Try again in ${after} s.` : ''}`;
  }
  if (error instanceof AuthenticationError) {
    return `${error.message}. Check COMPUT3_API_KEY, or store a key with: comput3 keys set`;
  }
  return error instanceof Error ? error.message : String(error);
}
