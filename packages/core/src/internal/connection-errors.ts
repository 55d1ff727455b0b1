// What a failed connection means, in one line that names the cause and the fix: read from the
// `cause` chain by diagnose.ts, on servers.
/** What a failed connection's cause chain says: a line that names the cause, and whether a retry would fail the same way. */
export interface Diagnosis {
  text: string;
  permanent: boolean;
}

/**
 * The readers of cause chains: installed by the server entry (diagnose.ts), where fetch is
 * undici (or Bun's, or Deno's) and its causes carry TLS codes, proxy refusals, addresses and
 * resets. A browser's fetch says only "Failed to fetch", so a browser bundle leaves the readers
 * out: they are about a tenth of the main entry's 10 kB budget.
 */
let reader: ((error: unknown, host: string) => Diagnosis) | undefined;
let resetReader: ((error: unknown) => boolean) | undefined;
export const readCausesWith = (read: typeof reader, reset: typeof resetReader) =>
  void ((reader = read), (resetReader = reset));

/** Reads the cause chain of a failed fetch. Undefined in a browser: nothing more is known. */
export const diagnose = (error: unknown, host: string) => reader?.(error, host);

/**
 * Whether a request was reset on a kept-alive socket the server had just closed (see
 * diagnose.ts); never known in a browser.
 */
export const isReset = (error: unknown) => !!resetReader?.(error);
