import type { CallObserver } from '../metrics.js';
import { bytesRedactor, debugHeaders, type Redactor } from './secrets.js';
import { APIConnectionError, Comput3Error } from '../errors.js';
import type { Log } from '../log.js';
import type { FetchOptions, ResolvedOptions } from '../options.js';

/** One attempt, as `send()` makes it. */
export interface Attempt {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  /** A path of the spec with its parameters filled in, and any query string. */
  path: string;
  /** The JSON text of the body, if any. */
  body?: string;
  signal: AbortSignal;
  headers: Record<string, string> | undefined;
  fetchOptions: FetchOptions | undefined;
}

/** What the client lends each request: its settings and how to reach the API. Internal. */
export interface Transport {
  timeout: number;
  maxRetries: number;
  /** Bytes of a non-streamed body, and characters of one stream event, read at the most. */
  maxResponseSize: number;
  maxEventSize: number;
  /** Set when the client has no key: every request fails with it, before sending. */
  keyMissing: string | undefined;
  log: Log;
  /**
   * A filter that takes the key out of relayed bytes (see secrets.ts); none when the key is too
   * short to be one, or in a browser. A closure, so the key is in no field that inspecting an error would print.
   */
  redactor: (() => Redactor) | undefined;
  baseURL: string;
  observe: CallObserver | undefined;
  fetch: (attempt: Attempt) => Promise<Response>;
}

/**
 * What fetch threw: the network failed (or the request was aborted). Everything else thrown
 * while a request is under way is a local error, which must never pass for one and be retried.
 * Internal.
 */
export class NetworkFailure {
  constructor(readonly cause: unknown) {}
}

/** Copies headers with their names lower-cased, so a caller's `Accept` replaces ours. */
function addHeaders(
  into: Record<string, string>,
  headers: Record<string, string> | undefined,
): Record<string, string> {
  for (const name in headers) into[name.toLowerCase()] = headers[name]!;
  return into;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The next URL after a redirect, when one may be followed: see redirects.ts. */
export type Follow = (
  from: string,
  location: string,
  response: Response,
  hops: number,
  init: RequestInit,
) => string;
let follow: Follow | undefined;
/** Installed by the server entry, where the SDK sees a redirect's location. */
export const followRedirectsWith = (f: Follow) => void (follow = f);

export function createTransport(options: ResolvedOptions): Transport {
  const { log, baseURL } = options;
  // Headers go out as one plain object, built once here; fetch copies it once.
  const bare = addHeaders({}, options.defaultHeaders);
  if (options.apiKey) bare.authorization = `Bearer ${options.apiKey}`;
  const json = { 'content-type': 'application/json', ...bare };
  const clientFetchOptions = options.fetchOptions;

  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    try {
      return await options.fetch(url, init);
    } catch (thrown) {
      // fetch throws a TypeError for the network and for a request it cannot make (a header
      // value with a newline, a bad URL) alike. Only the first may be retried: a request that
      // cannot even be built would fail again, so it is told apart by building it.
      try {
        new Request(url, init);
      } catch (local) {
        // No cause: its message may hold a header value, the key included.
        throw new Comput3Error(
          log.scrub(`${init.method} ${url} could not be sent: ${(local as Error).message}`),
        );
      }
      throw new NetworkFailure(thrown);
    }
  };

  // The settings as resolved, but the key and the headers (which may carry another secret):
  // they stay in the closures above, so that inspecting a transport cannot print them.
  const { apiKey, fetch: _, defaultHeaders: __, limiter, ...settings } = options;
  const send = async ({ method, path, body, signal, headers, fetchOptions }: Attempt) => {
    const base = body === undefined ? bare : json;
    const init: RequestInit = {
      // Redirects are followed here, not by fetch, which would send the prompt and every
      // header on to whatever origin a server names. A caller's `redirect` still wins.
      redirect: 'manual',
      ...(fetchOptions && clientFetchOptions
        ? { ...clientFetchOptions, ...fetchOptions }
        : (fetchOptions ?? clientFetchOptions)),
      method,
      body,
      headers: headers ? addHeaders({ ...base }, headers) : base,
      signal,
    };
    let url = baseURL + path;
    debugHeaders?.(log, `${method} ${url}`, init.headers!);
    for (let hops = 0; ; hops++) {
      const response = await fetch(url, init);
      if (init.redirect !== 'manual') return response;
      const location = response.headers.get('location');
      if (response.type === 'opaqueredirect' || (REDIRECTS.has(response.status) && location)) {
        await response.body?.cancel().catch(() => {});
        // A browser never shows where (an opaque redirect); a server follows it, if it may
        // (redirects.ts, installed by the server entry).
        if (!follow || !location) {
          throw new APIConnectionError(
            `${method} ${url} was redirected, and this runtime does not let the SDK see where to: set baseURL to the address the API now has.`,
            { permanent: true },
          );
        }
        url = follow(url, location, response, hops, init);
        continue;
      }
      return response;
    }
  };
  return {
    ...settings,
    redactor: bytesRedactor(apiKey),
    // A shared rate limit waits before each attempt and learns from each answer.
    fetch: limiter ? limiter.wrap(send) : send,
  };
}
