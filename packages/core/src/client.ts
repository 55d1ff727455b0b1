import {
  createApiClient,
  DEFAULT_BASE_URL,
  type ApiClient,
  type ChatCompletion,
  type ChatCompletionRequest,
  type Model,
  type ModelId,
  type ModelList,
} from '@comput3/api';
import { Comput3Error, InvalidResponseError } from './errors.js';
import { headersForLog, Log, LOG_LEVELS, type Logger, type LogLevel } from './log.js';
import { readJson, send, type Call, type RequestOptions, type Transport } from './request.js';
import { ChatCompletionStream } from './stream.js';
import { validateChatRequest } from './validate.js';

export interface ClientOptions {
  /** Defaults to the `COMPUT3_API_KEY` environment variable. */
  apiKey?: string;
  /** Defaults to `COMPUT3_BASE_URL`, then `https://api.comput3.ai/v1`. */
  baseURL?: string;
  /** Milliseconds to wait for headers, and for each stream chunk after them. Default 10 minutes. */
  timeout?: number;
  /** Retries after a connection error, 408, 409, 429 or 5xx. Default 2. */
  maxRetries?: number;
  /** A `fetch` to use instead of the global one (for tests, proxies, instrumentation). */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string>;
  /** Where log lines go (default `console`). */
  logger?: Logger;
  /** Default `off`; `debug` logs each request, response and retry, with the key redacted. */
  logLevel?: LogLevel;
  /** Allow use in a browser, where the API key would be visible to the page's users. */
  dangerouslyAllowBrowser?: boolean;
}

export type ChatCompletionCreateParams = ChatCompletionRequest;
export type ChatCompletionCreateParamsNonStreaming = ChatCompletionRequest & { stream?: false };
export type ChatCompletionCreateParamsStreaming = ChatCompletionRequest & { stream: true };

export interface AskOptions extends Omit<
  ChatCompletionRequest,
  'messages' | 'stream' | 'stream_options' | 'model'
> {
  model: ModelId;
  /** A system message to put before the prompt. */
  system?: string;
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
const DEFAULT_MAX_RETRIES = 2;

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

/**
 * openapi-fetch builds a `Request` and hands it to `fetch`, which builds another: about 50 µs
 * each on Node. This stand-in carries the URL and init through untouched, so each call builds
 * one `Request` at most, inside `fetch` itself.
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

// Bodies are always JSON. openapi-fetch's default serializer first looks for a form content
// type, in a `Headers` it builds for the purpose: work that shows in throughput.
const serializeJson = (body: unknown) => JSON.stringify(body);

/** Copies headers with their names lower-cased, so a caller's `Accept` replaces ours. */
function addHeaders(
  into: Record<string, string>,
  headers: Record<string, string> | undefined,
): Record<string, string> {
  for (const name in headers) into[name.toLowerCase()] = headers[name]!;
  return into;
}

function check(value: unknown, what: string, name: string, ok: boolean): void {
  if (!ok) throw new Comput3Error(`${name} must be ${what}, got ${JSON.stringify(value)}.`);
}

export class Comput3 {
  readonly baseURL: string;
  readonly chat: { readonly completions: ChatCompletions };
  readonly models: Models;
  /** @internal */
  readonly api: ApiClient;
  /** @internal */
  readonly transport: Transport;

  constructor(options: ClientOptions = {}) {
    if (isBrowser() && !options.dangerouslyAllowBrowser) {
      throw new Comput3Error(
        'Comput3 refuses to run in a browser, where the API key would be exposed to the page: call the API from your server, or pass dangerouslyAllowBrowser: true if the key is meant to be public.',
      );
    }
    const apiKey = options.apiKey ?? env('COMPUT3_API_KEY');
    if (!apiKey) {
      throw new Comput3Error(
        'No API key: set the COMPUT3_API_KEY environment variable, or pass it as new Comput3({ apiKey }).',
      );
    }
    const baseURL = (options.baseURL ?? env('COMPUT3_BASE_URL') ?? DEFAULT_BASE_URL).replace(
      /\/+$/,
      '',
    );
    check(
      baseURL,
      'an http(s) URL such as https://api.comput3.ai/v1',
      'baseURL',
      /^https?:\/\/[^/]/.test(baseURL),
    );
    const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    check(
      timeout,
      'a positive number of milliseconds',
      'timeout',
      timeout > 0 && timeout < 2 ** 31,
    );
    const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    check(
      maxRetries,
      'a whole number ≥ 0',
      'maxRetries',
      Number.isInteger(maxRetries) && maxRetries >= 0,
    );

    // Keys shorter than this are test placeholders; scrubbing them would mangle messages.
    const scrub =
      apiKey.length >= 6
        ? (text: string) => text.split(apiKey).join('[redacted]')
        : (text: string) => text;
    const logLevel = options.logLevel ?? 'off';
    check(logLevel, `one of ${LOG_LEVELS.join(', ')}`, 'logLevel', LOG_LEVELS.includes(logLevel));
    const log = new Log(options.logger ?? console, logLevel, scrub);
    const fetchImpl = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    // Headers go out as one plain object, built here: openapi-fetch would merge them into a
    // `Headers` twice per call, and fetch would copy that into a third.
    const bare = addHeaders({}, options.defaultHeaders);
    bare.authorization = `Bearer ${apiKey}`;
    const json = { 'content-type': 'application/json', ...bare };
    const fetchWith: Transport['fetchWith'] = (signal, headers) => (request) => {
      const { url, init } = request as unknown as PassThroughRequest;
      const base = init.body === undefined ? bare : json;
      const sent: RequestInit = {
        method: init.method,
        body: init.body,
        headers: headers ? addHeaders({ ...base }, headers) : base,
        signal,
      };
      if (log.enabled('debug')) {
        log.write(
          'debug',
          `${init.method} ${url} headers: ${headersForLog(new Headers(sent.headers))}`,
        );
      }
      return fetchImpl(url, sent);
    };
    this.baseURL = baseURL;
    this.transport = { timeout, maxRetries, log, baseURL, fetchWith };
    this.api = createApiClient({
      baseUrl: baseURL,
      Request: PassThroughRequest as unknown as typeof Request,
      bodySerializer: serializeJson,
    });
    this.chat = { completions: new ChatCompletions(this) };
    this.models = new Models(this);
  }

  /** Prompt in, text out: the one-line way to ask a model something. */
  async ask(prompt: string, options: AskOptions, requestOptions?: RequestOptions): Promise<string> {
    const { system, ...params } = options;
    const messages: ChatCompletionRequest['messages'] = system
      ? [
          { role: 'system', content: system },
          { role: 'user', content: prompt },
        ]
      : [{ role: 'user', content: prompt }];
    const completion = await this.chat.completions.create({ ...params, messages }, requestOptions);
    return completion.choices[0]?.message.content ?? '';
  }
}

export class ChatCompletions {
  constructor(private readonly client: Comput3) {}

  /** Creates a chat completion; with `stream: true`, resolves to a stream once headers arrive. */
  create(
    params: ChatCompletionCreateParamsNonStreaming,
    options?: RequestOptions,
  ): Promise<ChatCompletion>;
  create(
    params: ChatCompletionCreateParamsStreaming,
    options?: RequestOptions,
  ): Promise<ChatCompletionStream>;
  create(
    params: ChatCompletionCreateParams,
    options?: RequestOptions,
  ): Promise<ChatCompletion | ChatCompletionStream>;
  async create(
    params: ChatCompletionCreateParams,
    options: RequestOptions = {},
  ): Promise<ChatCompletion | ChatCompletionStream> {
    validateChatRequest(params);
    const { api, transport: t } = this.client;
    const what = `POST ${t.baseURL}/chat/completions`;
    const stream = params.stream === true;
    const call: Call = ({ signal, headers }) =>
      api.POST('/chat/completions', {
        body: params,
        parseAs: 'stream',
        fetch: t.fetchWith(signal, stream ? { accept: 'text/event-stream', ...headers } : headers),
      });
    if (!stream) {
      return send(t, what, call, options, (ex) =>
        readJson<ChatCompletion>(ex, t, (c) => Array.isArray(c?.choices), 'a chat completion'),
      );
    }
    const open = (retries: number) =>
      send(t, what, call, { ...options, maxRetries: retries }, async (ex) => {
        const type = ex.response.headers.get('content-type') ?? '';
        if (!type.includes('text/event-stream')) {
          ex.drop();
          throw new InvalidResponseError(
            `${what} was asked to stream but answered ${type || 'no content type'} instead of text/event-stream.`,
            ex.response.status,
          );
        }
        return ex;
      });
    const ex = await open(options.maxRetries ?? t.maxRetries);
    return new ChatCompletionStream(
      ex,
      () => open(0),
      options.maxRetries ?? t.maxRetries,
      t,
      options.signal,
    );
  }
}

export class Models {
  constructor(private readonly client: Comput3) {}

  /** The models the API serves now (`GET /models`); may include ids the spec does not know. */
  async list(options: RequestOptions = {}): Promise<Model[]> {
    const { api, transport: t } = this.client;
    const what = `GET ${t.baseURL}/models`;
    const call: Call = ({ signal, headers }) =>
      api.GET('/models', { parseAs: 'stream', fetch: t.fetchWith(signal, headers) });
    const list = await send(t, what, call, options, (ex) =>
      readJson<ModelList>(ex, t, (l) => Array.isArray(l?.data), 'a model list'),
    );
    return list.data;
  }
}
