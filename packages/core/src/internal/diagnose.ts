/**
 * What a failed connection means, in one line that names the cause and the fix. fetch reports
 * every network failure as "fetch failed"; the useful part (a TLS code, "Proxy response (407)",
 * ECONNREFUSED with the address) sits somewhere down the `cause` chain, and differs by runtime:
 * Node's undici sets `code`, Bun and Deno put it in the message. Both are read. Loaded by the
 * server entry (index.node.ts), not by browsers, whose fetch says only "Failed to fetch".
 */
import { readCausesWith, type Diagnosis } from './connection-errors.js';

/** One link of a cause chain: what runtimes put on their errors. */
interface Link {
  code?: unknown;
  message?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  socket?: unknown;
  cause?: unknown;
}

function chain(error: unknown): Link[] {
  const links: Link[] = [];
  for (let e = error; e && typeof e === 'object' && links.length < 8; e = (e as Link).cause) {
    links.push(e);
  }
  return links;
}

const CA_FIX =
  'if your network inspects TLS, trust its CA: NODE_EXTRA_CA_CERTS=/path/to/ca.pem, or a CA in fetchOptions';

/** Reads the cause chain of a failed fetch: the most specific line it allows. */
function diagnose(error: unknown, host: string): Diagnosis {
  const links = chain(error);
  const codes = links.map((l) => (typeof l.code === 'string' ? l.code : '')).join(' ');
  const all = `${codes} ${links.map((l) => (typeof l.message === 'string' ? l.message : '')).join(' ')}`;
  const cert = `the TLS certificate of ${host}`;
  const untrusted =
    /SELF_SIGNED\w*|UNABLE_TO_(GET|VERIFY)\w*|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE/.exec(codes);
  if (untrusted || /self[- ]signed|unknown ?issuer/i.test(all)) {
    const code = untrusted ? ` (${untrusted[0]})` : '';
    return {
      permanent: true,
      text: `${cert} is signed by an authority this machine does not trust${code}: ${CA_FIX}`,
    };
  }
  if (/CERT_HAS_EXPIRED|expired/i.test(all)) {
    return {
      permanent: true,
      text: `${cert} has expired (CERT_HAS_EXPIRED): check this machine's clock, else it must be renewed`,
    };
  }
  if (/ALTNAME|not ?valid ?for ?name/i.test(all)) {
    return {
      permanent: true,
      text: `${cert} is for another host name (ERR_TLS_CERT_ALTNAME_INVALID): check the base URL`,
    };
  }
  const proxy = /Proxy response \((\d{3})\)/i.exec(all)?.[1];
  if (proxy) {
    return proxy === '407'
      ? {
          permanent: true,
          text: 'the proxy requires authentication (407): put them in its URL, http://USER:PASSWORD@host:port',
        }
      : { permanent: false, text: `the proxy refused a tunnel to ${host} (${proxy})` };
  }
  const refused = links.find((l) => l.code === 'ECONNREFUSED');
  if (refused) {
    const where = refused.address ? `${String(refused.address)}:${String(refused.port)}` : host;
    return {
      permanent: false,
      text: `connection refused by ${where} (ECONNREFUSED): check the base URL, and the proxy URL if any`,
    };
  }
  return {
    permanent: false,
    text: `connection error (${error instanceof Error ? describeCause(error) : String(error)})`,
  };
}

/** undici hides the useful part ("ECONNREFUSED", "other side closed") in `cause`. */
function describeCause(error: Error): string {
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
const isReset = (error: unknown) =>
  chain((error as Link | undefined)?.cause).some(
    (l) =>
      l.code === 'ECONNRESET' ||
      (l.code === 'UND_ERR_SOCKET' && Number((l.socket as { bytesRead?: unknown })?.bytesRead) > 0),
  );

/** Installs the readers (index.node.ts calls it: a call, so no bundler drops it). */
export const installDiagnosis = () => readCausesWith(diagnose, isReset);
