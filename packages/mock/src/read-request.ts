import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkAuth } from './auth.js';
import type { Call, Mock } from './context.js';
import { answeredByFault } from './leading-faults.js';
import { sendError } from './respond.js';
import { firstProblem, validatorFor } from './validation.js';

/** How deep a request body may nest: the spec's deepest field (a tool's JSON Schema) needs far less. */
export const MAX_DEPTH = 64;

/**
 * Reads a request's JSON body and checks it against the spec's schema `schema`, in the order
 * a real server would refuse it: size, auth, scripted faults, media type, JSON, depth, schema.
 * Undefined when the response has been sent instead (a fault or an error).
 */
export async function readRequest(
  mock: Mock,
  call: Call,
  schema: string,
): Promise<{ body: unknown } | undefined> {
  const { req, res, entry } = call;
  const text = await readBody(req, res, mock.maxBodyBytes);
  if (text === undefined) return undefined;
  // Who may ask first: an unauthenticated client gets a 401 and leaves nothing behind.
  if (!checkAuth(req, res, mock.apiKeys)) return undefined;
  if (await answeredByFault(mock, call)) return undefined;
  if (!isJsonType(req.headers['content-type'])) {
    sendError(res, 415, {
      message: `The request body must be sent as application/json (Content-Type was ${req.headers['content-type'] ? `"${req.headers['content-type']}"` : 'missing'}).`,
      code: 'unsupported_media_type',
    });
    return undefined;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    sendError(res, 400, {
      message: 'The request body is not valid JSON. Send a JSON object with model and messages.',
      code: 'invalid_json',
    });
    return undefined;
  }
  if (mock.recordBodies) entry.body = body;
  const deep = tooDeep(body);
  if (deep) {
    sendError(res, 400, {
      message: `The request body nests deeper than ${MAX_DEPTH} levels (at ${deep}): flatten it.`,
      param: deep,
      code: 'invalid_value',
    });
    return undefined;
  }
  const validate = validatorFor(schema);
  if (!validate(body)) {
    const problem = firstProblem(validate.errors);
    sendError(res, 400, { message: problem.message, param: problem.param, code: 'invalid_value' });
    return undefined;
  }
  return { body };
}

/** Reads the body up to `max` bytes; undefined when a 413 has been sent instead. */
export async function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  max: number,
): Promise<string | undefined> {
  const tooLarge = () => {
    res.setHeader('connection', 'close');
    sendError(res, 413, {
      message: `The request body is larger than ${max} bytes. Send fewer or shorter messages.`,
      code: 'request_too_large',
    });
    req.resume();
    return undefined;
  };
  if (Number(req.headers['content-length'] ?? 0) > max) return tooLarge();
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > max) return tooLarge();
    parts.push(part);
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * The path of the first value nested deeper than MAX_DEPTH, or undefined. Iterative, so a body
 * nested 100,000 deep (1 MiB of `[`) cannot overflow the stack the way a recursive validator does.
 */
function tooDeep(body: unknown): string | undefined {
  const stack: [unknown, string, number][] = [[body, '', 0]];
  while (stack.length) {
    const [value, path, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH)
      return (path.length > 120 ? `${path.slice(0, 120)}…` : path) || '(body)';
    for (const [key, child] of Object.entries(value)) {
      const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      stack.push([child, at, depth + 1]);
    }
  }
  return undefined;
}

/** `application/json`, with or without parameters such as `charset`. */
function isJsonType(type: string | undefined): boolean {
  return type !== undefined && /^application\/json\s*(;|$)/i.test(type.trim());
}
