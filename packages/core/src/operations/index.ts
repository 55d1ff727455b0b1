/**
 * `@comput3/core/operations`: every operation of the spec, callable and typed the day the spec
 * gains it. `request(client, method, path, init)` reads the path, method, body, parameters and
 * answer from the generated `paths` (as openapi-fetch does) and sends through the client's
 * retries, timeouts, size limits, typed errors and key scrubbing. Friendly methods such as
 * `client.chat.completions.create()` sit on top for the operations that have them. A subpath,
 * so that the main entry stays within its 10 kB budget.
 *
 * @module operations
 */
import type { paths } from '@comput3/api';
import { OPERATIONS, REQUEST_RULES } from '@comput3/api/constants';
import { readJson } from '../internal/body.js';
import type { Comput3 } from '../client.js';
import { send, type Call, type RequestOptions } from '../request.js';
import { check, fail } from '../internal/validate.js';

/** An HTTP method, as `paths` spells it. */
export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** The paths of the spec that have an operation for `M`. */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P] extends { [K in M]: infer O }
    ? [O] extends [never | undefined]
      ? never
      : P
    : never;
}[keyof paths];

/** The type of `T`'s field `K`, or `never` when `T` has no such field. */
export type FieldOf<T, K extends PropertyKey> = K extends keyof T ? T[K] : never;

/** One operation of the spec, as the generated `paths` types it: `paths[P][M]`. */
export type Operation<M extends Method, P extends PathsWith<M>> = NonNullable<paths[P][M]>;

/** The `application/json` content of a request body or an answer, or `never`. */
export type JsonOf<T> = NonNullable<FieldOf<FieldOf<T, 'content'>, 'application/json'>>;

/** The JSON body the operation takes, or `never` when it takes none. */
export type OperationBody<M extends Method, P extends PathsWith<M>> = JsonOf<
  NonNullable<FieldOf<Operation<M, P>, 'requestBody'>>
>;

/** The JSON of the operation's success answer (200, else 201). */
export type OperationAnswer<M extends Method, P extends PathsWith<M>> = [
  FieldOf<FieldOf<Operation<M, P>, 'responses'>, 200>,
] extends [never]
  ? JsonOf<FieldOf<FieldOf<Operation<M, P>, 'responses'>, 201>>
  : JsonOf<FieldOf<FieldOf<Operation<M, P>, 'responses'>, 200>>;

/** The operation's parameters as the spec types them: `path`, `query`, … */
export type ParametersOf<M extends Method, P extends PathsWith<M>> = FieldOf<
  Operation<M, P>,
  'parameters'
>;

/** What `request()` sends: the body, and the path and query parameters, as the spec types them. */
export type OperationInit<M extends Method, P extends PathsWith<M>> = ([
  OperationBody<M, P>,
] extends [never]
  ? {
      /** None: the operation takes no body. */
      body?: never;
    }
  : {
      /** The JSON body, typed by the spec and checked against its rules before sending. */
      body: OperationBody<M, P>;
    }) & {
  /** `{id}` in the path is `params.path.id`; `params.query` becomes the query string. */
  params?: {
    /** The values of the path's `{name}` parts. */
    path?: FieldOf<ParametersOf<M, P>, 'path'>;
    /** The query string's parameters. */
    query?: FieldOf<ParametersOf<M, P>, 'query'>;
  };
};

/**
 * Calls any operation of the spec: `request(client, 'post', '/completions', { body })`. The
 * body is checked against the spec's rules before anything is sent (a `Comput3ValidationError`
 * naming the field); the answer is parsed JSON, typed by the spec.
 *
 * @example
 * ```ts
 * import { request } from '@comput3/core/operations';
 * const list = await request(client, 'get', '/models');
 * ```
 */
export async function request<M extends Method, P extends PathsWith<M>>(
  client: Comput3,
  method: M,
  path: P,
  ...[init, options]: [OperationBody<M, P>] extends [never]
    ? [init?: OperationInit<M, P>, options?: RequestOptions]
    : [init: OperationInit<M, P>, options?: RequestOptions]
): Promise<OperationAnswer<M, P>> {
  const { route, ...call } = operationCall(method, path, init ?? {});
  const { transport } = client;
  return send(
    transport,
    call,
    (exchange) =>
      readJson<OperationAnswer<M, P>>(
        exchange,
        transport,
        () => undefined,
        `an answer to ${route}`,
      ),
    options ?? {},
  );
}

/**
 * The request for one operation, checked before anything is sent: its body against the rules
 * generated from the spec (REQUEST_RULES), each `{name}` of the path filled and encoded.
 * Internal.
 */
function operationCall(
  method: Method,
  path: string,
  init: { body?: unknown; params?: { path?: object; query?: object } },
): Call & { route: string } {
  const route = `${method.toUpperCase()} ${path}`;
  const schema = OPERATIONS[route]?.[2];
  if (schema) check(REQUEST_RULES[schema]!, init.body, '', 'body');
  const values = (init.params?.path ?? {}) as Record<string, unknown>;
  let filled = path.replace(/\{([^}]{1,64})\}/g, (_, name: string) =>
    Object.hasOwn(values, name)
      ? encodeURIComponent(String(values[name]))
      : fail(`params.path.${name}`, `is required by ${route}`),
  );
  const query = new URLSearchParams(init.params?.query as Record<string, string>).toString();
  if (query) filled += `?${query}`;
  return {
    route,
    method: method.toUpperCase() as Call['method'],
    path: filled,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  };
}
