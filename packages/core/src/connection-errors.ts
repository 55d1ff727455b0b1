/**
 * What a failed connection means, in one line that names the cause and the fix. fetch reports
 * every network failure as "fetch failed"; the useful part (a TLS code, "Proxy response (407)",
 * ECONNREFUSED with the address) sits somewhere down the `cause` chain, and differs by runtime:
 * Node's undici sets `code`, Bun and Deno put it in the message. Both are read.
 */
interface Link {
  code?: unknown;
  message?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  cause?: unknown;
}

function chain(error: unknown): Link[] {
  const links: Link[] = [];
  for (let e = error; e && typeof e === 'object' && links.length < 8; e = (e as Link).cause) {
    links.push(e as Link);
  }
  return links;
}

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

const CA_FIX =
  'if your network inspects TLS with its own certificate authority, trust it: NODE_EXTRA_CA_CERTS=/path/to/ca.pem, or a CA in fetchOptions (see "Proxies and private CAs" in the @comput3/core README)';

/** A failure that will happen again on retry: a certificate or a proxy's refusal. */
export interface Diagnosis {
  text: string;
  permanent: boolean;
}

/** Reads the cause chain of a failed fetch. Undefined when nothing more specific is known. */
export function diagnose(error: unknown, host: string): Diagnosis | undefined {
  const links = chain(error);
  const codes = links.map((l) => (typeof l.code === 'string' ? l.code : ''));
  const text = links.map((l) => (typeof l.message === 'string' ? l.message : '')).join(' | ');
  const has = (code: string) => codes.includes(code);

  if (
    codes.some((c) => UNTRUSTED.has(c)) ||
    /self[- ]signed|unknown ?issuer|unable to (get|verify)/i.test(text)
  ) {
    const code = codes.find((c) => UNTRUSTED.has(c));
    return {
      permanent: true,
      text: `the TLS certificate of ${host} is signed by an authority this machine does not trust${code ? ` (${code})` : ''}: ${CA_FIX}`,
    };
  }
  if (has('CERT_HAS_EXPIRED') || /certificate (has )?expired|CertExpired/i.test(text)) {
    return {
      permanent: true,
      text: `the TLS certificate of ${host} has expired (CERT_HAS_EXPIRED): if this machine's clock is right, the server (or the proxy inspecting TLS) must renew it`,
    };
  }
  if (
    has('ERR_TLS_CERT_ALTNAME_INVALID') ||
    /altname|not valid for name|hostname mismatch|NotValidForName/i.test(text)
  ) {
    return {
      permanent: true,
      text: `the TLS certificate presented for ${host} is for another host name (ERR_TLS_CERT_ALTNAME_INVALID): check the base URL's host, or whether a proxy intercepts the connection`,
    };
  }
  const proxy = /Proxy response \((\d{3})\)/i.exec(text);
  if (proxy?.[1] === '407') {
    return {
      permanent: true,
      text: 'the proxy requires authentication (407 Proxy Authentication Required): give the user and password in the proxy URL, http://USER:PASSWORD@host:port',
    };
  }
  if (proxy) {
    return {
      permanent: false,
      text: `the proxy refused to open a connection to ${host} (${proxy[1]}): ask whoever runs it whether ${host} is allowed`,
    };
  }
  const refused = links.find((l) => l.code === 'ECONNREFUSED');
  if (refused) {
    const where =
      typeof refused.address === 'string' ? `${refused.address}:${String(refused.port)}` : host;
    return {
      permanent: false,
      text: `connection refused by ${where} (ECONNREFUSED): nothing is listening there; check the base URL, or the proxy URL if you use one`,
    };
  }
  const unknown = links.find((l) => l.code === 'ENOTFOUND' || l.code === 'EAI_AGAIN');
  if (unknown) {
    const name = typeof unknown.hostname === 'string' ? unknown.hostname : host;
    return {
      permanent: false,
      text: `the host name ${name} could not be resolved (${String(unknown.code)}): check the URL, your DNS, or whether this network needs a proxy (HTTPS_PROXY)`,
    };
  }
  return undefined;
}

/** undici hides the useful part ("ECONNREFUSED", "other side closed") in `cause`. */
export function describeCause(error: Error): string {
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail && !error.message.includes(detail) ? `${error.message}: ${detail}` : error.message;
}

/** A URL's password never reaches a message: `http://user:secret@proxy` → `http://user:***@proxy`. */
export const hideUrlPasswords = (text: string) =>
  text.replace(/(\/\/[^/\s:@]+):[^/\s@]+@/g, '$1:***@');
