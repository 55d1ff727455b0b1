import type { ApiClient } from '@comput3/api';
import { headersForLog, type Log } from './log.js';
import { adaptFetch, createAdaptedClient } from './openapi-fetch-adapter.js';
import type { FetchOptions, ResolvedOptions } from './options.js';

/** What the client lends each request: its settings, the typed API and how to reach it. Internal. */
export interface Transport {
  timeout: number;
  maxRetries: number;
  log: Log;
  baseURL: string;
  api: ApiClient;
  /** The `fetch` openapi-fetch calls for one attempt: it adds the headers and the signal. */
  fetchWith: (
    signal: AbortSignal,
    headers: Record<string, string> | undefined,
    fetchOptions?: FetchOptions,
  ) => (request: Request) => Promise<Response>;
}

/** Copies headers with their names lower-cased, so a caller's `Accept` replaces ours. */
function addHeaders(
  into: Record<string, string>,
  headers: Record<string, string> | undefined,
): Record<string, string> {
  for (const name in headers) into[name.toLowerCase()] = headers[name]!;
  return into;
}

export function createTransport(options: ResolvedOptions): Transport {
  const { log, fetch } = options;
  // Headers go out as one plain object, built here: openapi-fetch would merge them into a
  // `Headers` twice per call, and fetch would copy that into a third.
  const bare = addHeaders({}, options.defaultHeaders);
  bare.authorization = `Bearer ${options.apiKey}`;
  const json = { 'content-type': 'application/json', ...bare };
  const clientFetchOptions = options.fetchOptions;
  const fetchWith: Transport['fetchWith'] = (signal, headers, callFetchOptions) =>
    adaptFetch(({ url, method, body }) => {
      const base = body === undefined ? bare : json;
      const extra =
        callFetchOptions && clientFetchOptions
          ? { ...clientFetchOptions, ...callFetchOptions }
          : (callFetchOptions ?? clientFetchOptions);
      const sent: RequestInit = {
        ...extra,
        method,
        body,
        headers: headers ? addHeaders({ ...base }, headers) : base,
        signal,
      };
      if (log.enabled('debug')) {
        log.write('debug', `${method} ${url} headers: ${headersForLog(new Headers(sent.headers))}`);
      }
      return fetch(url, sent);
    });
  return {
    timeout: options.timeout,
    maxRetries: options.maxRetries,
    log,
    baseURL: options.baseURL,
    api: createAdaptedClient(options.baseURL),
    fetchWith,
  };
}
