/**
 * `@comput3/core/node`: proxies and private CAs on Node, where `fetch` reads neither
 * HTTPS_PROXY nor a CA file by itself. Node-only, and kept off the main entry: it loads
 * undici (an optional peer dependency: `npm install undici`) when called.
 *
 * @module node
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { ClientOptions } from './options.js';

/** The options of {@link networkFetch}: a proxy, extra certificate authorities, or both. */
export interface NetworkOptions {
  /** A proxy for every request (http://[user:password@]host:port). Default: from the environment. */
  proxy?: string;
  /** Hosts that bypass the proxy (comma-separated, as NO_PROXY). Default: from the environment. */
  noProxy?: string;
  /** Extra certificate authorities to trust (PEM text), beside the system's. */
  ca?: string | readonly string[];
  /** A PEM file of extra certificate authorities, read now. */
  caFile?: string;
  /** Where HTTPS_PROXY, HTTP_PROXY, NO_PROXY (either case) and NODE_EXTRA_CA_CERTS are read. */
  env?: Record<string, string | undefined>;
}

/** The proxy settings an environment gives; see {@link proxyFromEnv}. */
export interface ProxySettings {
  /** The proxy for https URLs: `HTTPS_PROXY`, else `HTTP_PROXY`. */
  httpsProxy: string | undefined;
  /** The proxy for http URLs: `HTTP_PROXY`. */
  httpProxy: string | undefined;
  /** The hosts that bypass the proxy: `NO_PROXY`. */
  noProxy: string | undefined;
}

/** The proxy settings the environment gives, upper case first (as curl reads them). */
export function proxyFromEnv(env: Record<string, string | undefined> = process.env): ProxySettings {
  const read = (name: string) => env[name] || env[name.toLowerCase()] || undefined;
  return {
    httpsProxy: read('HTTPS_PROXY') ?? read('HTTP_PROXY'),
    httpProxy: read('HTTP_PROXY'),
    noProxy: read('NO_PROXY'),
  };
}

/**
 * A `fetch` for `new Comput3({ fetch })` that honours the proxy and trusts the CAs given (or
 * named by the environment); undefined when there is neither, so the global fetch is used.
 * Certificates given here are added to the system's, never put in their place.
 */
export async function networkFetch(
  options: NetworkOptions = {},
): Promise<ClientOptions['fetch'] | undefined> {
  const env = options.env ?? process.env;
  const fromEnv = proxyFromEnv(env);
  const proxy = options.proxy ?? fromEnv.httpsProxy;
  const extra = [
    ...(typeof options.ca === 'string' ? [options.ca] : (options.ca ?? [])),
    ...(options.caFile ? [readCa(options.caFile, 'caFile')] : []),
  ];
  if (!proxy && extra.length === 0) return undefined;
  // An explicit `ca` replaces Node's defaults, NODE_EXTRA_CA_CERTS included: add both back.
  const nodeExtra = env.NODE_EXTRA_CA_CERTS
    ? [readCa(env.NODE_EXTRA_CA_CERTS, 'NODE_EXTRA_CA_CERTS')]
    : [];
  const tls = extra.length ? { ca: [...rootCertificates, ...nodeExtra, ...extra] } : {};
  const loaded = await import('undici').catch(() => {
    throw new Error(
      'A proxy or a CA file needs undici: npm install undici (it is an optional peer dependency of @comput3/core).',
    );
  });
  // undici is CommonJS: bundlers may put its exports under `default` only.
  const undici =
    'EnvHttpProxyAgent' in loaded ? loaded : (loaded as { default: typeof loaded }).default;
  const dispatcher = proxy
    ? new undici.EnvHttpProxyAgent({
        httpProxy: options.proxy ?? fromEnv.httpProxy ?? proxy,
        httpsProxy: proxy,
        noProxy: options.noProxy ?? fromEnv.noProxy ?? '',
        connect: tls,
        // Passed on to its ProxyAgents: TLS to the API through the tunnel.
        ...({ requestTls: tls } as object),
      })
    : new undici.Agent({ connect: tls });
  return (url, init) =>
    undici.fetch(url, { ...(init as object), dispatcher }) as unknown as Promise<Response>;
}

function readCa(path: string, name: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `${name} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): give the path of a PEM file of certificate authorities.`,
      { cause: error },
    );
  }
}
