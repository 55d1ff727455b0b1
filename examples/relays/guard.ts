import { isIP } from 'node:net';

/**
 * What a relay checks before it spends its key, for all three servers. A relay is for pages
 * of its own site; without these checks any web page could spend the key:
 * - a JSON body only: a form or a `no-cors` fetch from another site can send `text/plain`
 *   without a preflight, and a relay that parses any body as JSON would forward it;
 * - no `Origin` of another site (a browser always sends it on a cross-site POST);
 * - a `Host` that names this machine: a page that points its own name at 127.0.0.1 (DNS
 *   rebinding) still sends that name;
 * - at most MAX_BODY bytes (answered 413 before the body is read).
 * The same rules as apps/demo's.
 */
export const MAX_BODY = 64 * 1024;

export interface Refusal {
  status: 403 | 415;
  message: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

/** The name of a `Host` or an origin's host, without the port; undefined when it is none. */
function nameOf(host: string): string | undefined {
  const value = host.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(1, value.indexOf(']'));
  const name = value.replace(/:\d*$/, '');
  return /^[a-z0-9.-]+$/.test(name) ? name : undefined;
}

const local = (name: string | undefined) =>
  name !== undefined && (LOOPBACK.has(name) || name.endsWith('.localhost') || isIP(name) !== 0);

/** Why this request may not use the relay, or undefined when it may. */
export function refusal(headers: {
  contentType: string | undefined;
  origin: string | undefined;
  host: string | undefined;
}): Refusal | undefined {
  if (!local(nameOf(headers.host ?? ''))) {
    return { status: 403, message: 'This relay answers only to its own host name.' };
  }
  if (headers.origin !== undefined) {
    let host: string | undefined;
    try {
      host = new URL(headers.origin).host;
    } catch {
      host = undefined;
    }
    if (host === undefined || host !== headers.host?.trim().toLowerCase()) {
      return { status: 403, message: 'Pages of other sites may not use this relay.' };
    }
  }
  if (!/^application\/json\s*(;|$)/i.test(headers.contentType ?? '')) {
    return { status: 415, message: 'Send the chat as JSON (Content-Type: application/json).' };
  }
  return undefined;
}

/** The one JSON error a relay answers with: a message, never a stack or a path. */
export const errorBody = (message: string) => ({ error: { message } });
