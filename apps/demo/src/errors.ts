import {
  APIConnectionError,
  APIError,
  AuthenticationError,
  BadRequestError,
  Comput3ValidationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from '@comput3/core';

export interface ErrorBody {
  error: string;
  kind: 'invalid' | 'auth' | 'rate_limit' | 'network' | 'upstream';
  field?: string;
  retryAfter?: number;
}

/**
 * What the browser is told about an SDK error: one readable sentence, and the status that fits
 * the browser's point of view (its input was bad: 4xx; the upstream failed it: 5xx). The SDK has
 * already scrubbed the key from every message.
 */
export function toErrorBody(error: unknown): { status: 400 | 429 | 502 | 504; body: ErrorBody } {
  if (error instanceof Comput3ValidationError) {
    return { status: 400, body: { error: error.message, kind: 'invalid', field: error.field } };
  }
  if (error instanceof RateLimitError) {
    const retryAfter = Math.ceil(Number(error.headers.get('retry-after') ?? 0)) || undefined;
    return {
      status: 429,
      body: {
        error: `Comput3 is rate limiting this demo${retryAfter ? `: try again in ${retryAfter} s` : ''}.`,
        kind: 'rate_limit',
        ...(retryAfter ? { retryAfter } : {}),
      },
    };
  }
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return {
      status: 502,
      body: {
        error: `Comput3 refused the demo server's API key (${error.status}): check COMPUT3_API_KEY.`,
        kind: 'auth',
      },
    };
  }
  if (error instanceof BadRequestError || error instanceof NotFoundError) {
    return { status: 400, body: { error: error.error?.message ?? error.message, kind: 'invalid' } };
  }
  if (error instanceof APIConnectionError) {
    return {
      status: 504,
      body: {
        error: 'Cannot reach the Comput3 API: the network may be down. Try again.',
        kind: 'network',
      },
    };
  }
  const detail = error instanceof APIError ? ` (${error.status})` : '';
  return {
    status: 502,
    body: { error: `The Comput3 API failed${detail}. Try again in a moment.`, kind: 'upstream' },
  };
}
