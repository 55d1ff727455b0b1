import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { KNOWN_MODELS } from '@comput3/api/constants';
import type { ChatCompletionRequest, operations } from '@comput3/api';
import { answerJson, answerStream } from './chat.js';
import { FaultPlan, FaultSyntaxError, type Fault } from './faults.js';
import { PaceError, pacingFor, type PaceOptions } from './pace.js';
import { loadTokenizer } from './reply/tokens.js';
import { toolMessageProblem } from './reply/tools.js';
import { generateTls, type GeneratedTls, type TlsIdentity } from './tls.js';
import { HTML_502, retryHeaders, sendError, sendJson } from './respond.js';
import { firstProblem, validatorFor } from './validation.js';
import { METHODS, PREFIX, routesAt, SERVED, type Route } from './routes.js';
import { checkAnswer, complete, resolvePointer, sample } from './shapes.js';

/** The options of {@link startMockServer}; every one is optional. */
export interface MockServerOptions extends PaceOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; loopback by default so nothing outside this machine can reach it. */
  host?: string;
  /** Model ids the server serves; others get 404 `model_not_found`. Defaults to the spec's. */
  models?: readonly string[];
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
  /** Queues more scripted faults. */
  injectFaults(...faults: (Fault | string)[]): void;
  /** Stops listening, ends open connections and pending timers. */
  close(): Promise<void>;
}

const MODEL_CREATED = 1735689600; // 2025-01-01, fixed so that listings are deterministic
const LOG_LIMIT = 1000;
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-request-id, retry-after, retry-after-ms, x-should-retry',
};

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
  const models = new Set(options.models ?? KNOWN_MODELS);
  const apiKeys = options.apiKeys ? new Set(options.apiKeys) : undefined;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const faults = new FaultPlan(options.faults);
  const cors = options.cors ?? true;
  const paceOptions: PaceOptions = {
    pace: options.pace ?? 'instant',
    ...(options.ttftMs !== undefined ? { ttftMs: options.ttftMs } : {}),
    ...(options.tokensPerSecond !== undefined ? { tokensPerSecond: options.tokensPerSecond } : {}),
  };
  // Loads in the background: listening does not wait for it, the first answer does.
  loadTokenizer().catch(() => {});
  const timers = new Set<NodeJS.Timeout>();
  const requests: MockRequestRecord[] = [];
  let counter = 0;
  let seq = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  function record(req: IncomingMessage, res: ServerResponse, path: string) {
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

  /** Reads the body up to the limit; undefined when a 413 has been sent instead. */
  async function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
    const declared = Number(req.headers['content-length'] ?? 0);
    const tooLarge = () => {
      res.setHeader('connection', 'close');
      sendError(res, 413, {
        message: `The request body is larger than ${maxBodyBytes} bytes. Send fewer or shorter messages.`,
        code: 'request_too_large',
      });
      req.resume();
    };
    if (declared > maxBodyBytes) {
      tooLarge();
      return undefined;
    }
    const parts: Buffer[] = [];
    let size = 0;
    for await (const part of req as AsyncIterable<Buffer>) {
      size += part.length;
      if (size > maxBodyBytes) {
        tooLarge();
        return undefined;
      }
      parts.push(part);
    }
    return Buffer.concat(parts).toString('utf8');
  }

  /** Applies the faults that replace the answer; true when the response is already dealt with. */
  async function applyLeadingFault(
    fault: Fault,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<boolean> {
    if (fault.delayHeaders) {
      await sleep(fault.delayHeaders);
      if (res.destroyed) return true;
    }
    if (fault.dropBeforeHeaders) {
      req.socket.destroy();
      return true;
    }
    if (fault.html502) {
      res.writeHead(502, { 'content-type': 'text/html', ...retryHeaders(fault) });
      res.end(HTML_502);
      return true;
    }
    if (fault.status !== undefined) {
      sendError(res, fault.status, { headers: retryHeaders(fault) });
      return true;
    }
    return false;
  }

  /** Takes the next scripted fault; true when it replaced the answer. */
  async function answeredByFault(
    req: IncomingMessage,
    res: ServerResponse,
    entry: MockRequestRecord,
  ): Promise<boolean> {
    const fault = faults.next(header(req, 'x-mock-fault'));
    entry.fault = fault;
    return fault !== undefined && (await applyLeadingFault(fault, req, res));
  }

  function checkAuth(req: IncomingMessage, res: ServerResponse): boolean {
    const header = req.headers.authorization;
    const match = header ? /^Bearer ([^\s]+)$/i.exec(header) : null;
    if (!match) {
      sendError(res, 401, {
        message: header
          ? 'The Authorization header must be "Bearer <API key>".'
          : 'Missing bearer token: send "Authorization: Bearer <API key>".',
        code: 'invalid_api_key',
      });
      return false;
    }
    if (apiKeys && !apiKeys.has(match[1]!)) {
      // Never echo the key back: error bodies end up in logs.
      sendError(res, 401, { message: 'The API key is not valid.', code: 'invalid_api_key' });
      return false;
    }
    return true;
  }

  /**
   * Reads a request's JSON body and checks it against the spec's schema `schema`, in the order
   * a real server would refuse it: size, auth, scripted faults, media type, JSON, depth, schema.
   * Undefined when the response has been sent instead (a fault or an error).
   */
  async function readRequest(
    req: IncomingMessage,
    res: ServerResponse,
    entry: MockRequestRecord,
    schema: string,
  ): Promise<{ body: unknown } | undefined> {
    const text = await readBody(req, res);
    if (text === undefined) return undefined;
    // Who may ask first: an unauthenticated client gets a 401 and leaves nothing behind.
    if (!checkAuth(req, res)) return undefined;
    if (await answeredByFault(req, res, entry)) return undefined;
    if (!isJsonType(req.headers['content-type'])) {
      sendError(res, 415, {
        message: `The request body must be sent as application/json (Content-Type was ${req.headers['content-type'] ? `"${req.headers['content-type']}"` : 'missing'}).`,
        code: 'unsupported_media_type',
      });
      return undefined;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      sendError(res, 400, {
        message: 'The request body is not valid JSON. Send a JSON object with model and messages.',
        code: 'invalid_json',
      });
      return undefined;
    }
    if (options.recordBodies) entry.body = body;
    const deep = tooDeep(body);
    if (deep) {
      sendError(res, 400, {
        message: `The request body nests deeper than ${MAX_DEPTH} levels (at ${deep}): flatten it.`,
        param: deep,
        code: 'invalid_value',
      });
      return undefined;
    }
    const validate = validatorFor(schema);
    if (!validate(body)) {
      const problem = firstProblem(validate.errors);
      sendError(res, 400, {
        message: problem.message,
        param: problem.param,
        code: 'invalid_value',
      });
      return undefined;
    }
    return { body };
  }

  async function handleChat(req: IncomingMessage, res: ServerResponse, entry: MockRequestRecord) {
    const arrived = performance.now();
    const read = await readRequest(req, res, entry, 'ChatCompletionRequest');
    if (!read) return;
    const { fault } = entry;
    const body = read.body;
    const request = body as ChatCompletionRequest;
    const toolProblem = toolMessageProblem(request.messages);
    if (toolProblem) {
      sendError(res, 400, { ...toolProblem, code: 'invalid_value' });
      return;
    }
    if (!models.has(request.model)) {
      sendError(res, 404, {
        message: `The model \`${request.model}\` does not exist. GET /v1/models lists the models served here.`,
        param: 'model',
        code: 'model_not_found',
      });
      return;
    }
    const replyTokens = parseReplyTokens(header(req, 'x-mock-reply-tokens'));
    if (replyTokens === null) {
      sendError(res, 400, {
        message: `The x-mock-reply-tokens header must be a whole number from 0 to ${MAX_REPLY_TOKENS}.`,
        code: 'invalid_value',
      });
      return;
    }
    let pacing;
    try {
      pacing = pacingFor(request.model, paceOptions, req);
    } catch (error) {
      if (!(error instanceof PaceError)) throw error;
      sendError(res, 400, { message: error.message, code: 'invalid_value' });
      return;
    }
    counter++;
    const ctx = {
      res,
      request,
      fault,
      replyTokens,
      pacing,
      arrived,
      completionId: `chatcmpl-mock${counter}`,
      requestId: res.getHeader('x-request-id') as string,
      isClosed: () => res.destroyed || res.writableEnded,
      sleep,
    };
    entry.stream = request.stream === true;
    if (entry.stream) await answerStream(ctx);
    else await answerJson(ctx);
  }

  async function handleModels(req: IncomingMessage, res: ServerResponse, entry: MockRequestRecord) {
    if (!checkAuth(req, res) || (await answeredByFault(req, res, entry))) return;
    // Only the ids and dates are the mock's own; every other field is the spec's (shapes.ts).
    const list = complete('ModelList', {
      object: 'list',
      data: [...models].map((id) => complete('Model', { id, created: MODEL_CREATED })),
    });
    checkAnswer('ModelList', list);
    sendJson(res, 200, list);
  }

  /**
   * Any operation of the spec without a handler of its own: checked like every request (auth,
   * faults, the body against its schema), answered with a value of its success schema.
   */
  async function handleOperation(
    req: IncomingMessage,
    res: ServerResponse,
    entry: MockRequestRecord,
    route: Route,
  ) {
    if (route.body) {
      if (!(await readRequest(req, res, entry, route.body))) return;
    } else {
      if (!checkAuth(req, res) || (await answeredByFault(req, res, entry))) return;
    }
    const pointer = `#/paths/${route.path.replace(/~/g, '~0').replace(/\//g, '~1')}/${route.method.toLowerCase()}/responses/${route.status}/content/application~1json/schema`;
    const schema = resolvePointer(pointer);
    if (!schema) {
      sendError(res, 501, {
        message: `${route.method} ${PREFIX}${route.path} answers no JSON in the spec, which the mock cannot make up.`,
        code: 'not_implemented',
      });
      return;
    }
    const answer = sample(schema);
    checkAnswer(pointer, answer);
    sendJson(res, route.status, answer);
  }

  // The operations with a reply of their own; every other operation of the spec is answered
  // by handleOperation. Keyed by the generated `operations`, so an operationId the spec
  // renames or drops fails to compile here.
  const handlers: { [id in keyof operations]?: typeof handleChat } = {
    createChatCompletion: handleChat,
    listModels: handleModels,
  };

  const tls = await tlsFor(options);
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const entry = record(req, res, path);
    res.setHeader('x-request-id', `req_mock_${++seq}`);
    if (cors) {
      for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': METHODS,
          'access-control-allow-headers':
            'authorization, content-type, x-mock-fault, x-mock-reply-tokens, x-mock-pace, x-mock-ttft-ms, x-mock-tokens-per-second, x-stainless-retry-count',
          'access-control-max-age': '600',
        });
        res.end();
        return;
      }
    }
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
    const handler = handlers[route.operationId as keyof operations];
    (handler ? handler(req, res, entry) : handleOperation(req, res, entry, route)).catch(
      (error: unknown) => {
        if (error instanceof FaultSyntaxError) {
          if (!res.headersSent)
            sendError(res, 400, { message: error.message, code: 'invalid_fault' });
          return;
        }
        if (!res.headersSent)
          sendError(res, 500, { message: 'The mock server failed: see its log.' });
        else res.destroy();
        console.error('[comput3-mock]', error);
      },
    );
  };
  const server = tls ? createHttpsServer(tls, handler) : createServer(handler);
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
    injectFaults: (...more) => faults.push(...more),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
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

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(';') : value;
}

/** Enough for any long-answer test; 2,000,000 would build a 10 MB body in memory. */
const MAX_REPLY_TOKENS = 500_000;

/** How deep a request body may nest: the spec's deepest field (a tool's JSON Schema) needs far less. */
export const MAX_DEPTH = 64;

/**
 * The path of the first value nested deeper than MAX_DEPTH, or undefined. Iterative, so a body
 * nested 100,000 deep (1 MiB of `[`) cannot overflow the stack the way a recursive validator does.
 */
function tooDeep(body: unknown): string | undefined {
  const stack: [unknown, string, number][] = [[body, '', 0]];
  while (stack.length) {
    const [value, path, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH)
      return (path.length > 120 ? `${path.slice(0, 120)}…` : path) || '(body)';
    for (const [key, child] of Object.entries(value)) {
      const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      stack.push([child, at, depth + 1]);
    }
  }
  return undefined;
}

/** undefined when absent, null when malformed or over MAX_REPLY_TOKENS. */
function parseReplyTokens(value: string | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) return null;
  const tokens = Number(value);
  return tokens <= MAX_REPLY_TOKENS ? tokens : null;
}

/** `application/json`, with or without parameters such as `charset`. */
function isJsonType(type: string | undefined): boolean {
  return type !== undefined && /^application\/json\s*(;|$)/i.test(type.trim());
}
