import type { Log } from '../log.js';
/**
 * Every way the SDK hides a secret. Every sink calls this module: error messages, bodies and
 * headers (error-body.ts), log lines (log.ts), partial answers (stream.ts), re-encoded events
 * (`toReadableStream()`) and relayed bytes (`toRawStream()`). What a secret is, and the
 * cleaning of text and bytes, are `@comput3/api/secrets`, which the mock's recordings use too.
 * Internal.
 */

export { cut, hideUrlPasswords, scrubbed, textScrubber, type Redactor } from '@comput3/api/secrets';
import { isSecret, type Redactor } from '@comput3/api/secrets';

/**
 * Takes the key out of bytes relayed unparsed (`toRawStream()`); see @comput3/api/secrets. It is
 * installed by the server entry (index.node.ts: Node, Bun, Deno, Workers, edge runtimes), where
 * a relay hands a server's bytes to someone else. A browser bundle leaves it out: there the key is
 * the page's own (`dangerouslyAllowBrowser`), so there is no one to hide it from, and the bytes
 * go to the main entry's 10 kB budget instead.
 */
let makeRedactor: ((key: string) => Redactor) | undefined;
export const redactBytesWith = (make: typeof makeRedactor) => void (makeRedactor = make);
/** A fresh redactor per relayed stream; none when the key is no secret, or in a browser. */
export const bytesRedactor = (key: string) =>
  makeRedactor && isSecret(key) ? () => makeRedactor!(key) : undefined;

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
