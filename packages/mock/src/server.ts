import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { KNOWN_MODELS } from '@comput3/api/constants';
import type { Mock } from './context.js';
import { answerCors } from './cors.js';
import { FaultPlan, FaultSyntaxError, type Fault } from './faults.js';
import { handlerFor } from './handlers/index.js';
import type { PaceOptions } from './pace.js';
import { DEFAULT_REAL_ANSWER } from './reply/compose.js';
import { loadTokenizer } from './reply/tokens.js';
import { sendError } from './respond.js';
import { routesAt, SERVED } from './routes.js';
import { rateLimit, type RateLimitOptions } from './rate-limit.js';
import { cassettePlayer, type CassetteMode, type CassetteOptions } from './cassettes/index.js';
import { generateTls, type GeneratedTls, type TlsIdentity } from './tls.js';

/**
 * The mock's lifecycle and its front door: options, listening, closing, the request log, and
 * routing each request to its handler (handlers/). What happens to a request on its way: CORS
 * (cors.ts), its body, auth and faults (read-request.ts, auth.ts, leading-faults.ts), the
 * answer (handlers/chat.ts → chat.ts).
 */

/** The options of {@link startMockServer}; every one is optional. */
export interface MockServerOptions extends PaceOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; loopback by default so nothing outside this machine can reach it. */
  host?: string;
  /** Model ids the server serves; others get 404 `model_not_found`. Defaults to the spec's. */
  models?: readonly string[];
  /**
   * Served models that are overloaded: each request for one is answered 503 (`overloaded`,
   * `Retry-After: 1`), as a real API answers for a model out of capacity. A request adds its
   * own with `x-mock-overloaded: a,b`. For testing a fallback to another model.
   */
  overloaded?: readonly string[];
  /** When given, only these bearer tokens are accepted; otherwise any well-formed one is. */
  apiKeys?: readonly string[];
  /** Largest accepted request body in bytes (default 1 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /** Faults for the next requests, in order (see the README for the grammar). */
  faults?: readonly (Fault | string)[];
  /** Answer CORS preflights and allow any origin, so browser code can call the mock. */
  cors?: boolean;
  /**
   * Serve HTTPS: `true` makes a throwaway CA and a certificate for localhost, 127.0.0.1, ::1
   * and `host` (the CA is in `server.ca`); `{ hosts }` makes one for other names (to test a
   * name mismatch); `{ cert, key }` uses yours.
   */
  tls?:
    | true
    | {
        /** The names and addresses the certificate is for. */
        hosts?: readonly string[];
        /** How many days it is valid (default 30). */
        days?: number;
      }
    | TlsIdentity;
  /** Keep each chat request's parsed body in `requests[].body`, for tests that check what was sent. */
  recordBodies?: boolean;
  /**
   * Limit requests as a real API does per key: a bucket of `burst` requests refilled at
   * `requestsPerSecond`; over it, 429 with `Retry-After`, and `x-ratelimit-*` headers on every
   * answer unless `headers: false`.
   */
  rateLimit?: RateLimitOptions;
  /**
   * Record real answers and replay them (see the README's "Recorded answers"): every request
   * is answered from a cassette, or sent to `upstream` and recorded, by `mode`.
   */
  cassettes?: CassetteOptions;
  /**
   * How to get a real answer, in Markdown: said when the mock has none, and by "what are you?".
   * Say it where it is read: `comput3 --offline` says to set a key and drop `--offline`, the web
   * chat to start it with a key. By default: point the client at the real API with a key.
   */
  realAnswer?: string;
  // From PaceOptions: `pace` ('instant' by default here; the comput3-mock bin, the demo and
  // `comput3 --offline` choose 'realistic'), `ttftMs`, `tokensPerSecond`.
}

/** What the server saw of one request; tests use it to check what reached the server. */
export interface MockRequestRecord {
  /** The HTTP method. */
  method: string;
  /** The path asked for, e.g. `/v1/chat/completions`. */
  path: string;
  /** The status answered. */
  status: number;
  /** Whether the answer was a stream. */
  stream: boolean;
  /** The scripted fault this request met, if any. */
  fault: Fault | undefined;
  /** True when the connection closed before the whole response was sent. */
  closedEarly: boolean;
  /** The parsed JSON body of a chat request, with the `recordBodies` option. */
  body?: unknown;
  /** performance.now() when the request arrived and when its response closed: lets a test
   * see that requests overlapped (were sent in parallel) without timing anything. */
  startedAt: number;
  /** `performance.now()` when the response closed; undefined while it is open. */
  endedAt: number | undefined;
}

/** The cassette a server plays or records (`server.cassette`). */
export interface CassetteState {
  /** What is done with requests: see CassetteMode. */
  mode: CassetteMode;
  /** The cassette's name, as given. */
  name: string;
  /** Its file. */
  file: string;
  /** Each request it had no recording of, said in full: which fields differ from the nearest. */
  misses: readonly string[];
}

/** A running mock server: {@link startMockServer}. */
export interface MockServer {
  /** The base URL, ending in `/v1` (`https:` with the `tls` option). */
  url: string;
  /** With a generated certificate: the PEM of the CA that signed it, for clients to trust. */
  ca: string | undefined;
  /** The port it listens on. */
  port: number;
  /** Every request handled so far, oldest first (the last 1,000). */
  readonly requests: readonly MockRequestRecord[];
  /** Open client connections now: 0 once every client has let go of its sockets. */
  readonly connections: number;
  /**
   * With `cassettes`: the cassette the next requests use (a test's own), by name; a request
   * may name its own with `x-mock-cassette`.
   */
  useCassette(name: string): void;
  /**
   * With `cassettes`: the mode, and the cassette in use, with each request it had no
   * recording of, said in full (which field differs from the nearest recording).
   */
  readonly cassette: CassetteState | undefined;
  /** Queues more scripted faults. */
  injectFaults(...faults: (Fault | string)[]): void;
  /**
   * Drops the scripted faults still queued and says how many uses were left: a test whose
   * requests may not all arrive (a client that gave up first) leaves none for the next test.
   */
  clearFaults(): number;
  /** Stops listening, ends open connections and pending timers. */
  close(): Promise<void>;
}

const LOG_LIMIT = 1000;

/**
 * Starts a Comput3-compatible server in this process (loopback, a free port by default) that
 * checks every request against the spec and answers like a model would.
 *
 * @example
 * ```ts
 * const mock = await startMockServer();
 * const client = new Comput3({ apiKey: 'offline', baseURL: mock.url });
 * // …
 * await mock.close();
 * ```
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  // Loads in the background: listening does not wait for it, the first answer does.
  loadTokenizer().catch(() => {});
  const timers = new Set<NodeJS.Timeout>();
  let completions = 0;
  const mock: Mock = {
    models: new Set(options.models ?? KNOWN_MODELS),
    overloaded: new Set(options.overloaded),
    apiKeys: options.apiKeys ? new Set(options.apiKeys) : undefined,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    faults: new FaultPlan(options.faults),
    pace: paceOf(options),
    recordBodies: options.recordBodies === true,
    realAnswer: options.realAnswer ?? DEFAULT_REAL_ANSWER,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve();
        }, ms);
        timers.add(t);
      }),
    nextCompletionId: () => `chatcmpl-mock${++completions}`,
  };
  const requests: MockRequestRecord[] = [];
  let seq = 0;
  const limit = options.rateLimit ? rateLimit(options.rateLimit) : undefined;
  const player = options.cassettes ? cassettePlayer(options.cassettes) : undefined;
  const cors = options.cors ?? true;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const entry = record(requests, req, res, path);
    res.setHeader('x-request-id', `req_mock_${++seq}`);
    if (cors && answerCors(req, res)) return;
    const at = routesAt(path);
    const route = at.find((r) => r.method === req.method);
    if (!route) {
      if (at.length) {
        const allow = at.map((r) => r.method).join(', ');
        sendError(res, 405, {
          message: `${path} takes ${allow}, not ${req.method}.`,
          code: 'method_not_allowed',
          headers: { allow },
        });
      } else {
        sendError(res, 404, {
          message: `No route ${req.method} ${path}. This server answers ${SERVED}.`,
          code: 'not_found',
        });
      }
      return;
    }
    if (limit && !limit.admit(res)) return;
    // With cassettes, every answer is a recording's or the upstream's, never the mock's own.
    const handler = player ? player.handle : handlerFor(route.operationId);
    handler(mock, { req, res, entry, route }).catch((error: unknown) => {
      if (error instanceof FaultSyntaxError) {
        if (!res.headersSent)
          sendError(res, 400, { message: error.message, code: 'invalid_fault' });
        return;
      }
      if (!res.headersSent)
        sendError(res, 500, { message: 'The mock server failed: see its log.' });
      else res.destroy();
      console.error('[comput3-mock]', error);
    });
  };

  const tls = await tlsFor(options);
  const server = tls ? createHttpsServer(tls, handle) : createServer(handle);
  // Longer than a client's pooled-socket timeout (undici's is 4 s, browsers' longer), as load
  // balancers do: with Node's 5 s default, a client reusing a socket the server was closing
  // at that moment got ECONNRESET on a loaded machine. Headers must arrive within the same.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  let connections = 0;
  server.on('connection', (socket) => {
    connections++;
    socket.once('close', () => connections--);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: thousands of clients connecting at once (the paced bench, a load
    // test) would otherwise overflow Node's default of 511 and wait out SYN retries.
    server.listen(
      { port: options.port ?? 0, host: options.host ?? '127.0.0.1', backlog: 4096 },
      () => {
        server.off('error', reject);
        resolve();
      },
    );
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `${tls ? 'https' : 'http'}://${host}:${address.port}/v1`,
    ca: tls && 'ca' in tls ? tls.ca : undefined,
    port: address.port,
    requests,
    get connections() {
      return connections;
    },
    useCassette(name) {
      if (!player) throw new Error('useCassette() needs the cassettes option.');
      player.use(name);
    },
    get cassette() {
      return player && { mode: player.mode, ...player.current };
    },
    injectFaults: (...more) => mock.faults.push(...more),
    clearFaults: () => mock.faults.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The pacing options, with the mock's default: instant. */
function paceOf(options: MockServerOptions): PaceOptions {
  return {
    pace: options.pace ?? 'instant',
    ...(options.ttftMs !== undefined ? { ttftMs: options.ttftMs } : {}),
    ...(options.tokensPerSecond !== undefined ? { tokensPerSecond: options.tokensPerSecond } : {}),
  };
}

/** Starts the record of one request, completed when its response closes; the last LOG_LIMIT kept. */
function record(
  requests: MockRequestRecord[],
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): MockRequestRecord {
  const entry: MockRequestRecord = {
    method: req.method ?? '',
    path,
    status: 0,
    stream: false,
    fault: undefined,
    closedEarly: false,
    startedAt: performance.now(),
    endedAt: undefined,
  };
  requests.push(entry);
  if (requests.length > LOG_LIMIT) requests.shift();
  res.once('close', () => {
    entry.status = res.statusCode;
    entry.closedEarly = !res.writableFinished;
    entry.endedAt = performance.now();
  });
  return entry;
}

/** The certificate to serve, generated or given; undefined for plain HTTP. */
async function tlsFor(options: MockServerOptions): Promise<TlsIdentity | GeneratedTls | undefined> {
  const tls = options.tls;
  if (!tls) return undefined;
  if (tls !== true && 'cert' in tls) return tls;
  const hosts =
    tls !== true && tls.hosts
      ? tls.hosts
      : [...new Set(['localhost', '127.0.0.1', '::1', options.host ?? '127.0.0.1'])];
  return generateTls(hosts, tls === true ? undefined : tls.days);
}
