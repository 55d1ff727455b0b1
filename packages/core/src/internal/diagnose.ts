/**
 * What a failed connection means, in one line that names the cause and the fix, read from the
 * fetch error's cause chain (see connection-errors.ts). Loaded by the Node entry
 * (index.node.ts: Node, Bun and Deno take it by the "node" export condition), not by browsers.
 */
import { chain, readCausesWith, type Diagnosis } from './connection-errors.js';

const CA_FIX =
  'if your network inspects TLS, trust its CA: NODE_EXTRA_CA_CERTS=/path/to/ca.pem, or a CA in fetchOptions';

/** Reads the cause chain of a failed fetch. Undefined when nothing more specific is known. */
function diagnose(error: unknown, host: string): Diagnosis | undefined {
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
  return undefined;
}

/** Installs the reader (index.node.ts calls it: a call, so no bundler drops it). */
export const installDiagnosis = () => readCausesWith(diagnose);
