import { APICallError } from '@ai-sdk/provider';
import { APIError, Comput3Error, isRetryableError } from '@comput3/core';
import { headersOf } from './convert.js';

/**
 * Core's errors as the AI SDK's: an `APICallError` with the status, the headers, the response
 * body, and `isRetryable` from core's retry rule (`isRetryableError`). Aborts pass through as
 * they are, so that the AI SDK sees the caller's abort.
 */
export function toAISDKError(error: unknown, url: string, body: unknown): unknown {
  if (!(error instanceof Comput3Error) || error.name === 'APIUserAbortError') return error;
  const api = error instanceof APIError ? error : undefined;
  const headers = headersOf(api);
  return new APICallError({
    message: error.message,
    url,
    requestBodyValues: body,
    ...(api ? { statusCode: api.status, responseHeaders: headers } : {}),
    ...(api?.error
      ? { responseBody: JSON.stringify({ error: api.error }), data: { error: api.error } }
      : {}),
    cause: error,
    isRetryable: isRetryableError(error),
  });
}
