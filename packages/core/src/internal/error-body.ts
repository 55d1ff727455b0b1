import { errorClassFor, type APIError } from '../errors.js';
import { cut, scrubbed } from './secrets.js';
import type { Exchange } from './exchange.js';

/**
 * An error body is read up to this many bytes: enough for any message a server writes, and
 * little enough that a hostile or broken server cannot make the client hold (and a retry
 * download again) hundreds of megabytes.
 */
const MAX_ERROR_BODY = 64 * 1024;
/** What of an error body is searched for the server's words. */
const MAX_WORDS_SCAN = 4096;

/**
 * Text squeezed onto one line and cut: an HTML page's title, or its text without tags. Cut
 * before any regex runs, and each regex is linear (`[^<>]*` cannot backtrack over a `<`), so
 * a body of 100,000 `<` costs microseconds, not seconds.
 */
function oneLine(text: string): string {
  const head = text.slice(0, MAX_WORDS_SCAN);
  const title = /<title>([^<]*)<\/title>/i.exec(head)?.[1];
  const plain = (title ?? head.replace(/<[^<>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return cut(plain, String, 200);
}

/**
 * The server's own words from an error body, whatever its shape: OpenAI's `{error: {message}}`,
 * `{error: "…"}`, `{message: "…"}` (vLLM, many gateways), FastAPI's `{detail: "…"}`, or plain
 * text. Undefined when there are none.
 */
function serverWords(body: unknown): string | undefined {
  if (typeof body === 'string') return oneLine(body) || undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const { error, message, detail } = body as {
    error?: unknown;
    message?: unknown;
    detail?: unknown;
  };
  const nested = (error as { message?: unknown } | null | undefined)?.message;
  for (const words of [nested, error, message, detail]) {
    if (typeof words === 'string' && words.trim()) return oneLine(words);
  }
  return undefined;
}

/**
 * Builds the typed error for a non-2xx answer. Every string it keeps (message, body, headers,
 * and so `code`, `param`, `type` and `requestId`) is scrubbed of the key, so printing or
 * serialising the error can never show it, whatever the server echoed.
 */
export function apiError(
  scrub: (text: string) => string,
  what: string,
  response: Response,
  body: unknown,
): APIError {
  const clean = scrubbed(body, scrub);
  const headers = new Headers();
  response.headers.forEach((value, name) => headers.set(name, scrub(value)));
  const detail = serverWords(clean) ?? (response.statusText || 'no details');
  const requestId = headers.get('x-request-id');
  const message = scrub(
    `${what} failed with ${response.status}: ${detail}${requestId ? ` (request id ${requestId})` : ''}`,
  );
  const Class = errorClassFor(response.status);
  return new Class(response.status, clean, headers, message);
}

/** Reads an error body (at most MAX_ERROR_BODY bytes) as JSON where it is JSON, else as text. */
export async function readErrorBody(exchange: Exchange): Promise<unknown> {
  const reader = exchange.response.body?.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  while (reader && size < MAX_ERROR_BODY) {
    const { done, value } = await exchange.read(reader);
    if (done) break;
    text += decoder.decode(value.subarray(0, MAX_ERROR_BODY - size), { stream: true });
    size += value.length;
  }
  // The rest is never downloaded: the connection goes.
  if (size >= MAX_ERROR_BODY) exchange.disconnect();
  text += decoder.decode();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
