import type { IncomingMessage, ServerResponse } from 'node:http';
import { METHODS } from './routes.js';

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-request-id, retry-after, retry-after-ms, x-should-retry',
};

/** The request headers a page may send: the API's, and the mock's own knobs. */
const ALLOWED_HEADERS =
  'authorization, content-type, x-mock-fault, x-mock-overloaded, x-mock-cassette, x-mock-reply-tokens, x-mock-pace, x-mock-ttft-ms, x-mock-tokens-per-second, x-stainless-retry-count';

/**
 * Lets browser code call the mock (the `cors` option): any origin, the headers a client reads.
 * True when the request was a preflight, now answered.
 */
export function answerCors(req: IncomingMessage, res: ServerResponse): boolean {
  for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    'access-control-allow-methods': METHODS,
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': '600',
  });
  res.end();
  return true;
}
