import type { ServerResponse } from 'node:http';
import type { Fault } from './faults.js';

/** The OpenAI error `type` for each status, as public clients of the API expect it. */
const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'invalid_request_error',
  405: 'invalid_request_error',
  409: 'conflict_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  422: 'invalid_request_error',
  429: 'rate_limit_error',
};

const DEFAULT_MESSAGES: Record<number, [message: string, code: string]> = {
  408: ['The request timed out.', 'timeout'],
  409: ['The request conflicts with another one in progress.', 'conflict'],
  429: ['Rate limit reached for requests. Try again later.', 'rate_limit_exceeded'],
  500: ['The server had an error while processing your request.', 'internal_error'],
  502: ['Bad gateway.', 'bad_gateway'],
  503: ['The service is temporarily unavailable. Try again later.', 'service_unavailable'],
  504: ['The gateway timed out.', 'gateway_timeout'],
};

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export interface ErrorDetails {
  message?: string;
  code?: string | null;
  param?: string | null;
  headers?: Record<string, string>;
}

export function sendError(res: ServerResponse, status: number, details: ErrorDetails = {}): void {
  const [defaultMessage, defaultCode] = DEFAULT_MESSAGES[status] ?? [
    `The request failed with status ${status}.`,
    null,
  ];
  sendJson(
    res,
    status,
    {
      error: {
        message: details.message ?? defaultMessage,
        type: ERROR_TYPES[status] ?? 'server_error',
        param: details.param ?? null,
        code: details.code === undefined ? defaultCode : details.code,
      },
    },
    details.headers,
  );
}

/** The retry hints a fault asks for, as response headers. */
export function retryHeaders(fault: Fault): Record<string, string> {
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
  if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
  if (fault.shouldRetry !== undefined) headers['x-should-retry'] = String(fault.shouldRetry);
  return headers;
}

export const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
  '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
