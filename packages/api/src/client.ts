import createClient, { mergeHeaders, type Client, type ClientOptions } from 'openapi-fetch';
import { DEFAULT_BASE_URL } from './generated/constants.js';
import type { paths } from './generated/schema.js';

/** The options of {@link createApiClient}: openapi-fetch's, with the key and a default base URL. */
export interface ApiClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Defaults to the spec's production server. Deployments move, so keep it configurable. */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
}

/**
 * `paths` with each open enum (`'stop' | 'length' | (string & {})`) as plain `string`.
 * openapi-fetch maps every object type of an answer (its `Readable`), and `string & {}` is an
 * object type to it: the answer's `finish_reason` came out as an object with string's methods,
 * and the raw client's `data` was not assignable to the package's own `ChatCompletion`. With
 * plain strings the two agree: a `string` is assignable to every open enum.
 */
export type RawPaths = OpenEnumsAsString<paths>;
/** `T` with each open enum (`'a' | 'b' | (string & {})`) as `string`, at any depth. */
export type OpenEnumsAsString<T> = T extends string
  ? string extends T
    ? string
    : T
  : T extends readonly (infer E)[]
    ? OpenEnumsAsString<E>[]
    : T extends object
      ? { [K in keyof T]: OpenEnumsAsString<T[K]> }
      : T;

/** An openapi-fetch client typed by the spec's `paths`, JSON by default (a stream is read with `parseAs: 'stream'`). */
export type ApiClient = Client<RawPaths, 'application/json'>;

/**
 * A typed openapi-fetch client for the Comput3 API: paths, bodies and responses are checked
 * against the spec at compile time. It adds nothing at run time: no retries, no validation.
 * For those, use `@comput3/core`.
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const { apiKey, baseUrl = DEFAULT_BASE_URL, headers, ...rest } = options;
  const auth = apiKey === undefined ? undefined : { Authorization: `Bearer ${apiKey}` };
  // openapi-fetch merges these into every request; a plain object is cheaper to walk than Headers.
  const merged =
    headers === undefined || Object.getPrototypeOf(headers) === Object.prototype
      ? { ...(headers as Record<string, string> | undefined), ...auth }
      : mergeHeaders(headers, auth);
  return createClient<RawPaths, 'application/json'>({ ...rest, baseUrl, headers: merged });
}
