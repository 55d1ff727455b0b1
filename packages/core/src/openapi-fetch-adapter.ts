import { createApiClient, type ApiClient } from '@comput3/api';

/**
 * Everything @comput3/core asks of openapi-fetch, in one place. openapi-fetch keeps the types,
 * the URL and the body; the SDK keeps the headers and the connection. This relies on three
 * documented client options of openapi-fetch 0.17 and on one behaviour of its `coreFetch`:
 *
 * - `Request`: the class it constructs as `new Request(url, init)` before calling fetch. Ours
 *   only carries the URL and init through: openapi-fetch builds a `Request` and fetch builds
 *   another (about 50 µs each on Node), so this saves one per call.
 * - `bodySerializer`: bodies are always JSON. The default serializer first looks for a form
 *   content type in a `Headers` it builds for the purpose: work that shows in throughput.
 * - a per-call `fetch`: it receives exactly the object built by `Request`, which is how each
 *   call gets its own signal and headers without openapi-fetch merging them into `Headers`.
 *
 * test/openapi-fetch-adapter.test.ts fails when an upgrade of openapi-fetch breaks any of it.
 * Internal.
 */
class PassThroughRequest {
  readonly method: string | undefined;
  constructor(
    readonly url: string,
    readonly init: RequestInit,
  ) {
    this.method = init.method;
  }
}

const serializeJson = (body: unknown) => JSON.stringify(body);

/** What a per-call `fetch` receives from openapi-fetch, unwrapped. */
export interface AdaptedRequest {
  url: string;
  method: string | undefined;
  /** The JSON text, or undefined for a request without a body. */
  body: string | undefined;
}

/** The typed client, set up so that each call's `fetch` receives an `AdaptedRequest`. */
export function createAdaptedClient(baseURL: string): ApiClient {
  return createApiClient({
    baseUrl: baseURL,
    Request: PassThroughRequest as unknown as typeof Request,
    bodySerializer: serializeJson,
  });
}

/** Turns a handler of `AdaptedRequest`s into the per-call `fetch` openapi-fetch expects. */
export function adaptFetch(
  handle: (request: AdaptedRequest) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return (request) => {
    const { url, init } = request as unknown as PassThroughRequest;
    return handle({ url, method: init.method, body: init.body as string | undefined });
  };
}
