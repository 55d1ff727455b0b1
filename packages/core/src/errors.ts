import type { ChatCompletion, ErrorResponse } from '@comput3/api';

/** The base of every error this SDK throws. */
export class Comput3Error extends Error {
  override name = 'Comput3Error';
  /**
   * Set when the error ended a stream early: what had arrived so far, accumulated into a
   * `ChatCompletion`, so a caller can keep or show it.
   */
  declare partial?: ChatCompletion;
}

/** The request was refused before sending: `field` names what is wrong. Nothing was sent. */
export class Comput3ValidationError extends Comput3Error {
  override name = 'Comput3ValidationError';
  declare readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** The API answered with an error status. */
export class APIError extends Comput3Error {
  override name = 'APIError';
  /** The `x-request-id` the server gave, to quote when reporting a problem. */
  declare readonly requestId: string | undefined;
  /** The `error` object of the OpenAI-style body, when the body had one. */
  declare readonly error: ErrorResponse['error'] | undefined;
  declare readonly code: string | null | undefined;
  declare readonly param: string | null | undefined;
  declare readonly type: string | undefined;

  declare readonly status: number;
  declare readonly headers: Headers;

  // Fields set here, not declared with initialisers: the same objects, fewer bytes shipped.
  constructor(status: number, body: unknown, headers: Headers, message: string) {
    super(message);
    this.status = status;
    this.headers = headers;
    this.requestId = headers.get('x-request-id') ?? undefined;
    const error = (body as Partial<ErrorResponse> | undefined)?.error;
    this.error = typeof error === 'object' && error ? error : undefined;
    this.code = this.error?.code;
    this.param = this.error?.param;
    this.type = this.error?.type;
  }
}

export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
export class ConflictError extends APIError {
  override name = 'ConflictError';
}
export class UnprocessableEntityError extends APIError {
  override name = 'UnprocessableEntityError';
}
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
}
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

const BY_STATUS: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The `APIError` subclass for a status: one per documented 4xx, `InternalServerError` for 5xx. */
export function errorClassFor(status: number): typeof APIError {
  return BY_STATUS[status] ?? (status >= 500 ? InternalServerError : APIError);
}

/** The request could not reach the API, or the connection broke. Retried by default. */
export class APIConnectionError extends Comput3Error {
  override name = 'APIConnectionError';
}

/** No answer, or no new stream chunk, within `timeout` milliseconds. */
export class APITimeoutError extends APIConnectionError {
  override name = 'APITimeoutError';
}

/** The caller aborted the request (its `signal`, or `stream.abort()`). */
export class APIUserAbortError extends Comput3Error {
  override name = 'APIUserAbortError';
}

/**
 * The API answered, but not with what the spec says: an HTML page, broken JSON, or a stream
 * that ended without `data: [DONE]`.
 */
export class InvalidResponseError extends Comput3Error {
  override name = 'InvalidResponseError';
  declare readonly status: number | undefined;
  constructor(message: string, status: number | undefined) {
    super(message);
    this.status = status;
  }
}
