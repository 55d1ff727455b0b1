/**
 * What a failed connection means, in one line that names the cause and the fix. fetch reports
 * every network failure as "fetch failed"; the useful part (a TLS code, "Proxy response (407)",
 * ECONNREFUSED with the address) sits somewhere down the `cause` chain, and differs by runtime:
 * Node's undici sets `code`, Bun and Deno put it in the message. Both are read.
 */
export interface Link {
  code?: unknown;
  message?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  socket?: unknown;
  cause?: unknown;
}

export function chain(error: unknown): Link[] {
  const links: Link[] = [];
  for (let e = error; e && typeof e === 'object' && links.length < 8; e = (e as Link).cause) {
    links.push(e);
  }
  return links;
}

/** What a failed connection's cause chain says: a line that names the cause, and whether a retry would fail the same way. */
export interface Diagnosis {
  text: string;
  permanent: boolean;
}

/**
 * The reader of cause chains: installed by the Node entry (diagnose.ts), where fetch is
 * undici and its causes carry TLS codes, proxy refusals and addresses. A browser's fetch says
 * only "Failed to fetch", so a browser bundle leaves the reader out: it is about a tenth of the
 * main entry's 10 kB budget.
 */
let reader: ((error: unknown, host: string) => Diagnosis | undefined) | undefined;
export const readCausesWith = (read: typeof reader) => void (reader = read);

/** Reads the cause chain of a failed fetch. Undefined when nothing more specific is known. */
export const diagnose = (error: unknown, host: string) => reader?.(error, host);

/** undici hides the useful part ("ECONNREFUSED", "other side closed") in `cause`. */
export function describeCause(error: Error): string {
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail && !error.message.includes(detail) ? `${error.message}: ${detail}` : error.message;
}

/**
 * What a request sent on a kept-alive socket that the server has just closed meets: a reset
 * (ECONNRESET), or undici's "other side closed" on a socket that had already carried an answer
 * (`bytesRead` > 0: reused). A fresh socket closed after the request went out is not this: the
 * server had the request, and may be working on it.
 */
export const isReset = (error: unknown) =>
  chain((error as Link | undefined)?.cause).some(
    (l) =>
      l.code === 'ECONNRESET' ||
      (l.code === 'UND_ERR_SOCKET' && Number((l.socket as { bytesRead?: unknown })?.bytesRead) > 0),
  );
