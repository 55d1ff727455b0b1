import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from './respond.js';

/**
 * Whether the request carries a bearer token (one of `apiKeys`, when given); when not, the 401
 * has been sent. The key is never echoed back: error bodies end up in logs.
 */
export function checkAuth(
  req: IncomingMessage,
  res: ServerResponse,
  apiKeys: ReadonlySet<string> | undefined,
): boolean {
  const header = req.headers.authorization;
  const match = header ? /^Bearer ([^\s]+)$/i.exec(header) : null;
  if (!match) {
    sendError(res, 401, {
      message: header
        ? 'The Authorization header must be "Bearer <API key>".'
        : 'Missing bearer token: send "Authorization: Bearer <API key>".',
      code: 'invalid_api_key',
    });
    return false;
  }
  if (apiKeys && !apiKeys.has(match[1]!)) {
    sendError(res, 401, { message: 'The API key is not valid.', code: 'invalid_api_key' });
    return false;
  }
  return true;
}
