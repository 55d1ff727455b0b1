/**
 * What a secret is, and the ways text holding one is cleaned: shared by the SDK (every sink its
 * errors, logs and relays reach) and the mock (the cassettes it records), so that there is one
 * definition of each.
 *
 * A secret is the API key. Text that has had its JSON decoded (messages, parsed bodies,
 * headers) holds the key as it is. Bytes not yet decoded may hold it in JSON escapes
 * (`\u0073k-…`), whole or a character at a time: see bytes.ts.
 */

/** What a secret becomes. */
export const MASK = '[redacted]';

/** Shorter keys are test placeholders: hiding them would mangle messages, not protect anything. */
export const isSecret = (key: string) => key.length >= 6;

/** Text with the key replaced by MASK; the identity when the key is no secret. */
export const textScrubber = (key: string) =>
  isSecret(key) ? (text: string) => text.split(key).join(MASK) : (text: string) => text;

/**
 * What looks like a credential although it is no key this client was given: an API key of the
 * common shapes (`sk-…`, `pk-…`, `rk-…`), a bearer token, a GitHub or AWS access key. For text
 * kept where others read it (the mock's recordings). Each pattern is linear: no nesting, no
 * overlapping alternatives.
 */
const SECRET_LOOKING =
  /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}|\bBearer\s+[A-Za-z0-9._~+/-]{8,}=*|\bgh[pousr]_[A-Za-z0-9]{30,}|\bAKIA[0-9A-Z]{16}\b/g;

/** Text with everything that looks like a credential replaced by MASK. */
export const scrubSecretLooking = (text: string) => text.replace(SECRET_LOOKING, MASK);

/** A URL's password never reaches a message: `http://user:secret@proxy` → `http://user:***@proxy`. */
export const hideUrlPasswords = (text: string) =>
  text.replace(/(\/\/[^/\s:@]+):[^/\s@]+@/g, '$1:***@');

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
