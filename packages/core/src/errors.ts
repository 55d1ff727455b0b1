import type { ChatCompletion, ErrorResponse } from '@comput3/api';

/** The base of every error this SDK throws. */
export class Comput3Error extends Error {
  /**
   * The class's name as a string: `'Comput3Error'` here, `'RateLimitError'` on a
   * RateLimitError, and so on for each class below. Set as a field, not read from the class,
   * because minifiers rename classes: `error.name` must still say which error it is.
   */
  override name = 'Comput3Error';
}

/**
 * What arrived before an error ended a stream, accumulated into a `ChatCompletion`, so a caller
 * can keep or show it. Only the errors that can end a stream part-way carry it: an error event
 * (`APIError`), a broken connection or a timeout, the caller's abort, and a malformed answer.
 */
export interface StreamEnding {
  /** Set when the error ended a stream early: what had arrived so far. */
  partial?: ChatCompletion;
}

/** The request was refused before sending: `field` names what is wrong. Nothing was sent. */
export class Comput3ValidationError extends Comput3Error {
  override name = 'Comput3ValidationError';
  /** The request field at fault, e.g. `temperature` or `messages[0].role`. */
  declare readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** The API answered with an error status. */
export class APIError extends Comput3Error implements StreamEnding {
  override name = 'APIError';
  declare partial?: ChatCompletion;
  /** The `x-request-id` the server gave, to quote when reporting a problem. */
  declare readonly requestId: string | undefined;
  /** The `error` object of the OpenAI-style body, when the body had one. */
  declare readonly error: ErrorResponse['error'] | undefined;
  /** The body's `error.code`, e.g. `model_not_found` or `invalid_api_key`. */
  declare readonly code: string | null | undefined;
  /** The body's `error.param`: the request field at fault, when there is one. */
  declare readonly param: string | null | undefined;
  /** The body's `error.type`, e.g. `invalid_request_error` or `rate_limit_error`. */
  declare readonly type: string | undefined;

  /** The HTTP status of the answer. */
  declare readonly status: number;
  /** The answer's headers (`retry-after`, `x-request-id`, …). */
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

/** 400: the server refused the request as malformed. */
export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}
/** 401: the key is missing, wrong or revoked. */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
/** 403: the key may not do this. */
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
/** 404: no such path, or a model the server does not serve (`code: model_not_found`). */
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
/** 409: the request conflicts with the server's state. Retried. */
export class ConflictError extends APIError {
  override name = 'ConflictError';
}
/** 422: well-formed, but the server cannot act on it. */
export class UnprocessableEntityError extends APIError {
  override name = 'UnprocessableEntityError';
}
/** 429: too many requests; retried after `retry-after`. */
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
}
/** 5xx: the server failed. Retried. */
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
export class APIConnectionError extends Comput3Error implements StreamEnding {
  override name = 'APIConnectionError';
  declare partial?: ChatCompletion;
  /**
   * True when a retry would fail the same way, so none is made: an untrusted, expired or
   * misnamed TLS certificate, a proxy's 407, a redirect the SDK will not follow (see retry.ts).
   */
  declare readonly permanent: boolean;
  constructor(message: string, options?: ErrorOptions & { permanent?: boolean }) {
    super(message, options);
    this.permanent = !!options?.permanent;
  }
}

/**
 * A time limit passed. `limit` says which: `timeout`, no answer or stream chunk within that many
 * idle milliseconds (retried); `firstToken`, no first token within `firstTokenTimeout` of an
 * attempt's start (retried: nothing had arrived); `deadline`, the whole call, retries and body
 * included, past its `deadline` (never retried: its time is spent).
 */
export class APITimeoutError extends APIConnectionError {
  override name = 'APITimeoutError';
  /** Which limit passed. */
  declare readonly limit: 'timeout' | 'firstToken' | 'deadline';
  /** The limit, in milliseconds. */
  declare readonly afterMs: number;
}

/** The caller aborted the request (its `signal`, or `stream.abort()`). */
export class APIUserAbortError extends Comput3Error implements StreamEnding {
  override name = 'APIUserAbortError';
  declare partial?: ChatCompletion;
}

/**
 * The API answered, but not with what the spec says: an HTML page, broken JSON, or a stream
 * that ended without `data: [DONE]`.
 */
export class InvalidResponseError extends Comput3Error implements StreamEnding {
  override name = 'InvalidResponseError';
  declare partial?: ChatCompletion;
  /** The HTTP status of the answer, when there was one. */
  declare readonly status: number | undefined;
  constructor(message: string, status: number | undefined) {
    super(message);
    this.status = status;
  }
}
