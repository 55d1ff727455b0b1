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

export type ErrorKind = 'invalid' | 'auth' | 'rate_limit' | 'network' | 'upstream';

/**
 * An error as OpenAI-compatible servers write it (`/api/chat/completions` is one): the SDK in
 * the page reads `error.message` as the sentence to show, `type` as the kind and `param` as the
 * field at fault.
 */
export interface ErrorBody {
  error: { message: string; type: ErrorKind; param: string | null; code: null };
}

export const errorBody = (message: string, type: ErrorKind, param?: string): ErrorBody => ({
  error: { message, type, param: param ?? null, code: null },
});

/**
 * What the browser is told about an SDK error: one readable sentence, and the status that fits
 * the browser's point of view (its input was bad: 4xx; the upstream failed it: 5xx). The SDK has
 * already scrubbed the key from every message.
 */
export function toErrorBody(error: unknown): {
  status: 400 | 429 | 502 | 504;
  body: ErrorBody;
  retryAfter?: number;
} {
  if (error instanceof Comput3ValidationError) {
    return { status: 400, body: errorBody(error.message, 'invalid', error.field) };
  }
  if (error instanceof RateLimitError) {
    const retryAfter = retryAfterSeconds(error.headers.get('retry-after'));
    return {
      status: 429,
      body: errorBody(
        `Comput3 is rate limiting this demo${retryAfter ? `: try again in ${retryAfter} s` : ''}.`,
        'rate_limit',
      ),
      ...(retryAfter ? { retryAfter } : {}),
    };
  }
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return {
      status: 502,
      body: errorBody(
        `Comput3 refused the demo server's API key (${error.status}): check COMPUT3_API_KEY.`,
        'auth',
      ),
    };
  }
  if (error instanceof BadRequestError || error instanceof NotFoundError) {
    return { status: 400, body: errorBody(error.error?.message ?? error.message, 'invalid') };
  }
  if (error instanceof APIConnectionError) {
    return {
      status: 504,
      body: errorBody(
        'Cannot reach the Comput3 API: the network may be down. Try again.',
        'network',
      ),
    };
  }
  const detail = error instanceof APIError ? ` (${error.status})` : '';
  return {
    status: 502,
    body: errorBody(`The Comput3 API failed${detail}. Try again in a moment.`, 'upstream'),
  };
}

/**
 * An upstream `Retry-After` (seconds or an HTTP date) as whole seconds between 1 and 60, so a
 * person is never told to wait a negative time or a week; undefined when it says nothing usable.
 */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim() ?? '';
  if (!text) return undefined;
  const seconds = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : (Date.parse(text) - now) / 1000; // an HTTP date: NaN when it is not one
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(60, Math.max(1, Math.ceil(seconds)));
}
