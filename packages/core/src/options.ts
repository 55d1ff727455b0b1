import type { CallObserver } from './metrics.js';
import type { Limiter } from './limiter/limiter.js';
import { DEFAULT_BASE_URL } from '@comput3/api/constants';
import { Comput3Error } from './errors.js';
import { Log, LOG_LEVELS, type Logger, type LogLevel } from './log.js';
import { hideUrlPasswords, textScrubber } from './internal/secrets.js';

/** The options of `new Comput3()`. Each is checked when the client is made. */
export interface ClientOptions {
  /** Defaults to the `COMPUT3_API_KEY` environment variable. */
  apiKey?: string;
  /** Defaults to `COMPUT3_BASE_URL`, then `https://api.comput3.ai/v1`. */
  baseURL?: string;
  /** Milliseconds to wait for headers, and for each stream chunk after them. Default 10 minutes. */
  timeout?: number;
  /** Retries after a connection error, 408, 409, 429 or 5xx. Default 2. */
  maxRetries?: number;
  /**
   * Bytes of a non-streamed answer read at the most, and characters of a streamed one's events
   * (whose text the stream keeps for `finalCompletion()`); a larger one is an
   * InvalidResponseError (never retried). Default 64 MiB. Error bodies are read up to 64 KiB whatever this says.
   */
  maxResponseSize?: number;
  /**
   * Characters of one stream event (or of a line of it) held at the most; a server that sends
   * more without ending it is an InvalidResponseError. Default 16 MiB.
   */
  maxEventSize?: number;
  /** A `fetch` to use instead of the global one (for tests, proxies, instrumentation). */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /**
   * Extra options for every `fetch` call: how a runtime takes a proxy or a private CA. On Node,
   * an undici `dispatcher` (`EnvHttpProxyAgent`, `ProxyAgent`, `Agent`); on Bun, `proxy` and
   * `tls`; on Deno, `client` (`Deno.createHttpClient`). See the README's recipes.
   */
  fetchOptions?: FetchOptions;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string>;
  /** Where log lines go (default `console`). */
  logger?: Logger;
  /**
   * Told of each chat completion as it starts, retries, gets its first token and ends, with
   * its figures (see CallObserver; `@comput3/core/otel` makes one for OpenTelemetry).
   */
  observe?: CallObserver;
  /** Default `off`; `debug` logs each request, response and retry, with the key redacted. */
  logLevel?: LogLevel;
  /** Allow use in a browser, where the API key would be visible to the page's users. */
  dangerouslyAllowBrowser?: boolean;
  /**
   * One rate limit shared by every call of every client given it: calls queue for their turn
   * instead of meeting 429s (see `Limiter`). Each attempt waits, retries included.
   */
  limiter?: Pick<Limiter, 'wrap'>;
}

/** Options passed through to `fetch`; the SDK sets method, body, headers and signal itself. */
export type FetchOptions = Omit<RequestInit, 'method' | 'body' | 'headers' | 'signal'> & {
  /** Node (undici): the dispatcher that makes the connection, e.g. a proxy agent. */
  dispatcher?: unknown;
  /** Bun: a proxy URL. */
  proxy?: string;
  /** Deno: an HTTP client from `Deno.createHttpClient({ proxy, caCerts })`. */
  client?: unknown;
  [option: string]: unknown;
};

/** The options with every default applied and every value checked. Internal. */
export interface ResolvedOptions {
  apiKey: string;
  /** Why no request can be sent, when no key was given. */
  keyMissing: string | undefined;
  baseURL: string;
  timeout: number;
  maxRetries: number;
  maxResponseSize: number;
  maxEventSize: number;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  defaultHeaders: Record<string, string> | undefined;
  fetchOptions: FetchOptions | undefined;
  log: Log;
  observe: CallObserver | undefined;
  limiter: Pick<Limiter, 'wrap'> | undefined;
}

const DEFAULT_TIMEOUT_MS = 6e5; // 10 minutes
const DEFAULT_MAX_RETRIES = 2;
const MiB = 2 ** 20;
const MAX_TEXT = 536870888; // 2 ** 29 - 24

/** Reads an environment variable where there is one (Node, Bun, Deno with --allow-env). */
function env(name: string): string | undefined {
  try {
    const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
      ?.env?.[name];
    return value?.trim() || undefined;
  } catch {
    return undefined; // Deno without env permission throws
  }
}

/** A page, or a web worker started by one: anywhere the page's users could read the key. */
const isBrowser = () => {
  const g = globalThis as { window?: { document?: unknown }; importScripts?: unknown };
  return typeof g.window?.document !== 'undefined' || typeof g.importScripts === 'function';
};

function check(value: unknown, what: string, name: string, ok: boolean): void {
  if (!ok) throw new Comput3Error(`${name} must be ${what}, got ${JSON.stringify(value)}.`);
}

/** Applies defaults (environment variables included) and refuses bad values, one line each. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (isBrowser() && !options.dangerouslyAllowBrowser) {
    throw new Comput3Error(
      'Comput3 refuses to run in a browser, where the page would expose the API key: call the API from your server, or pass dangerouslyAllowBrowser: true if the key may be public.',
    );
  }
  // A client made at module scope must not break a build that has no key (`next build`
  // prerendering): without one, construction succeeds and each request fails, before sending.
  const apiKey = options.apiKey ?? env('COMPUT3_API_KEY') ?? '';
  let baseURL = (options.baseURL ?? env('COMPUT3_BASE_URL') ?? DEFAULT_BASE_URL).replace(
    /\/+$/,
    '',
  );
  // In a page, a relay route such as '/api/chat' is relative to the page, as fetch takes it
  // (anywhere else with a location too: a worker's, Deno's --location).
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  if (page && !/^[a-z][a-z\d+.-]*:/i.test(baseURL)) {
    baseURL = new URL(baseURL || '/', page).href.replace(/\/+$/, '');
  }
  // No credentials in it: fetch refuses such a URL, and every message would show them. The
  // value is shown with its password masked.
  check(
    hideUrlPasswords(baseURL),
    'an http(s) URL without credentials, such as https://api.comput3.ai/v1',
    'baseURL',
    /^https?:\/\/[^/@]+(\/|$)/.test(baseURL),
  );
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  check(timeout, 'a positive number of milliseconds', 'timeout', timeout > 0 && timeout < 2 ** 31);
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  check(
    maxRetries,
    'a whole number ≥ 0',
    'maxRetries',
    Number.isInteger(maxRetries) && maxRetries >= 0,
  );
  // At most the longest string JavaScript can hold (V8's limit): what is kept is kept as text,
  // and past that the engine throws a RangeError instead of the SDK saying which option.
  const size = (value: number | undefined, fallback: number, name: string) => {
    check(
      value,
      'a positive number up to 536870888',
      name,
      value === undefined || (value > 0 && value <= MAX_TEXT),
    );
    return value ?? fallback;
  };
  const maxResponseSize = size(options.maxResponseSize, 64 * MiB, 'maxResponseSize');
  const maxEventSize = size(options.maxEventSize, 16 * MiB, 'maxEventSize');
  const logLevel = options.logLevel ?? 'off';
  check(logLevel, `one of ${LOG_LEVELS.join(', ')}`, 'logLevel', LOG_LEVELS.includes(logLevel));
  return {
    apiKey,
    keyMissing: apiKey
      ? undefined
      : 'No API key: set COMPUT3_API_KEY in the environment, or pass new Comput3({ apiKey }).',
    baseURL,
    timeout,
    maxRetries,
    maxResponseSize,
    maxEventSize,
    fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    defaultHeaders: options.defaultHeaders,
    fetchOptions: options.fetchOptions,
    log: new Log(options.logger ?? console, logLevel, textScrubber(apiKey)),
    observe: options.observe,
    limiter: options.limiter,
  };
}
