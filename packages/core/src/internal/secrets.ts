import type { Log } from '../log.js';
/**
 * What a secret looks like, and every way the SDK hides one. Every sink calls this module: error
 * messages, bodies and headers (error-body.ts), log lines (log.ts), partial answers (stream.ts),
 * re-encoded events (`toReadableStream()`) and, through secrets-in-bytes.ts, relayed bytes
 * (`toRawStream()`). Internal.
 *
 * A secret is the API key. Text the SDK keeps (messages, parsed bodies, headers) has had its
 * JSON decoded, so the key is in it as it is. Bytes it relays unparsed are decoded later, by the
 * client: there a server may echo the key in JSON escapes (`\u0073k-…`), whole or a character at
 * a time, so each character of a match may be itself or its escape.
 */

/** What a secret becomes. */
export const MASK = '[redacted]';

/** Shorter keys are test placeholders: hiding them would mangle messages, not protect anything. */
const isSecret = (key: string) => key.length >= 6;

/** Text with the key replaced by MASK; the identity when the key is no secret. */
export const textScrubber = (key: string) =>
  isSecret(key) ? (text: string) => text.split(key).join(MASK) : (text: string) => text;

/**
 * Takes the key out of bytes relayed unparsed (`toRawStream()`); see secrets-in-bytes.ts. It is
 * installed by the server entry (index.node.ts: Node, Bun, Deno, Workers, edge runtimes), where
 * a relay hands a server's bytes to someone else. A browser bundle leaves it out: there the key is
 * the page's own (`dangerouslyAllowBrowser`), so there is no one to hide it from, and the bytes
 * go to the main entry's 10 kB budget instead.
 */
export interface Redactor {
  /** The chunk's bytes to pass on now. */
  push(chunk: Uint8Array): Uint8Array;
  /** What was held back at the end of the stream. */
  end(): Uint8Array | undefined;
}
let makeRedactor: ((key: string) => Redactor) | undefined;
export const redactBytesWith = (make: typeof makeRedactor) => void (makeRedactor = make);
/** A fresh redactor per relayed stream; none when the key is no secret, or in a browser. */
export const bytesRedactor = (key: string) =>
  makeRedactor && isSecret(key) ? () => makeRedactor!(key) : undefined;

/** A URL's password never reaches a message: `http://user:secret@proxy` → `http://user:***@proxy`. */
export const hideUrlPasswords = (text: string) =>
  text.replace(/(\/\/[^/\s:@]+):[^/\s@]+@/g, '$1:***@');

/**
 * Logs a request's or an answer's headers at the debug level, credentials hidden: installed by
 * the server entry (`logHeaders`), since in a browser the developer tools show every header.
 */
export let debugHeaders: ((log: Log, what: string, headers: HeadersInit) => void) | undefined;
export const logHeadersWith = (f: typeof debugHeaders) => void (debugHeaders = f);

/** Headers as one line for the debug log, with the credentials hidden. */
export function logHeaders(log: Log, what: string, headers: HeadersInit): void {
  if (!log.enabled('debug')) return;
  const line = [...new Headers(headers)]
    .map(
      ([name, value]) =>
        `${name}: ${name === 'authorization' ? value.replace(/ .*/, ' ***') : value}`,
    )
    .join(', ');
  log.write('debug', `${what} headers: ${line}`);
}

/**
 * A copy of JSON-like data with `scrub` applied to every string in it, keys included. Objects
 * are rebuilt with `Object.fromEntries`, which defines `__proto__` as a plain key rather than
 * setting a prototype; past a depth of 16, nesting is dropped.
 */
export function scrubbed(value: unknown, scrub: (text: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value !== 'object' || value === null || depth > 16) {
    return typeof value === 'object' && value !== null ? undefined : value;
  }
  if (Array.isArray(value)) return value.map((v) => scrubbed(v, scrub, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [scrub(k), scrubbed(v, scrub, depth + 1)]),
  );
}

/**
 * Text cut to `max` characters with an ellipsis, scrubbed first so that no part of a key is left
 * (`String` as `scrub` for text that holds none).
 */
export const cut = (text: string, scrub: (text: string) => string, max: number) => {
  const clean = scrub(text);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
};
