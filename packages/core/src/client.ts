import type {
  ChatCompletion,
  ChatCompletionRequest,
  Model,
  ModelId,
  ModelList,
  paths,
} from '@comput3/api';
import { InvalidResponseError } from './errors.js';
import { useFallback } from './internal/fallback-hook.js';
import { Meter, withFigures, type ChatCompletionResult } from './metrics.js';
import { resolveOptions, type ClientOptions } from './options.js';
import { readJson } from './internal/body.js';
import type { Exchange } from './internal/exchange.js';
import { retryBudget, send, type Call, type RequestOptions } from './request.js';
import { completionProblem, modelListProblem } from './internal/shape.js';
import { ChatCompletionStream } from './stream.js';
import { createTransport, type Transport } from './internal/transport.js';
import { splitThink, THINKS_INLINE } from './internal/think.js';
import { validateChatRequest } from './internal/validate.js';

export type { ClientOptions } from './options.js';

/** The body of `chat.completions.create()`: the API's `ChatCompletionRequest`. */
export type ChatCompletionCreateParams = ChatCompletionRequest;
/** A request for the whole answer at once. */
export type ChatCompletionCreateParamsNonStreaming = ChatCompletionRequest & {
  /** Absent or false: the whole answer at once. */
  stream?: false;
};
/** A request for a streamed answer. */
export type ChatCompletionCreateParamsStreaming = ChatCompletionRequest & {
  /** True: the answer as a stream of chunks. */
  stream: true;
};

/** The options of `client.ask()`: a request without its messages, and a `system` message. */
export interface AskOptions extends Omit<
  ChatCompletionRequest,
  'messages' | 'stream' | 'stream_options' | 'model'
> {
  /** The model to ask: a documented id (they autocomplete) or any other the server serves. */
  model: ModelId;
  /** A system message to put before the prompt. */
  system?: string;
}

/**
 * The Comput3 client. Its options are checked once, here: a bad one throws a `Comput3Error`
 * naming the option and what it must be, before anything is sent (a bad request, later, is a
 * `Comput3ValidationError` naming its field).
 *
 * @example
 * ```ts
 * const client = new Comput3(); // COMPUT3_API_KEY, COMPUT3_BASE_URL
 * const text = await client.ask('Name three rivers', { model: 'kimi-k2' });
 * ```
 */
export class Comput3 {
  /** The base URL every request goes to, e.g. `https://api.comput3.ai/v1`. */
  readonly baseURL: string;
  /** `POST /chat/completions`. */
  readonly chat: {
    /** `POST /chat/completions`: `create()`. */
    readonly completions: ChatCompletions;
  };
  /** `GET /models`. */
  readonly models: Models;
  /** @internal */
  readonly transport: Transport;
  readonly #options: ClientOptions;

  constructor(options: ClientOptions = {}) {
    const resolved = resolveOptions(options);
    this.#options = options;
    this.baseURL = resolved.baseURL;
    this.transport = createTransport(resolved);
    this.chat = { completions: new ChatCompletions(this.transport) };
    this.models = new Models(this.transport);
  }

  /**
   * A client with `options` over this one's: `client.withOptions({ timeout: 5_000 })`. This
   * client is unchanged; the two share only what the options themselves share (a `limiter`,
   * a `fetch`).
   */
  withOptions(options: ClientOptions): Comput3 {
    return new Comput3({ ...this.#options, ...options });
  }

  /** Prompt in, text out: the one-line way to ask a model something. */
  async ask(prompt: string, options: AskOptions, requestOptions?: RequestOptions): Promise<string> {
    const { system, ...params } = options;
    const messages: ChatCompletionRequest['messages'] = [{ role: 'user', content: prompt }];
    if (system) messages.unshift({ role: 'system', content: system });
    const completion = await this.chat.completions.create({ ...params, messages }, requestOptions);
    return completion.choices[0]?.message.content ?? '';
  }
}

/** `client.chat.completions`: the chat completions endpoint. */
export class ChatCompletions {
  readonly #transport: Transport;
  /** @internal Made by {@link Comput3}. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Creates a chat completion; with `stream: true`, resolves to a stream once headers arrive. */
  create(
    params: ChatCompletionCreateParamsNonStreaming,
    options?: RequestOptions,
  ): Promise<ChatCompletionResult>;
  create(
    params: ChatCompletionCreateParamsStreaming,
    options?: RequestOptions,
  ): Promise<ChatCompletionStream>;
  create(
    params: ChatCompletionCreateParams,
    options?: RequestOptions,
  ): Promise<ChatCompletionResult | ChatCompletionStream>;
  async create(
    params: ChatCompletionCreateParams,
    options: RequestOptions = {},
  ): Promise<ChatCompletionResult | ChatCompletionStream> {
    validateChatRequest(params);
    // The deadline is the whole call's: one signal for every attempt, wait and reconnection.
    if (options.deadline) {
      const limit = AbortSignal.timeout(options.deadline);
      options = {
        ...options,
        signal: options.signal ? AbortSignal.any([options.signal, limit]) : limit,
      };
    }
    const transport = this.#transport;
    const stream = params.stream === true;
    // Every call is measured; an observer, when there is one, hears it as it goes.
    const meter = new Meter(
      params,
      transport.observe?.({
        operation: 'chat',
        model: params.model,
        stream,
        baseURL: transport.baseURL,
        request: params,
      }),
    );
    // One budget for the first connection and any reconnection before the first chunk.
    const budget = retryBudget(transport, options);
    budget.listener = meter.listener;
    meter.budget = budget;
    const call: Call = {
      method: 'POST',
      // A path the spec loses fails to compile here.
      path: '/chat/completions' satisfies keyof paths,
      body: JSON.stringify(params),
      headers: stream ? { accept: 'text/event-stream' } : undefined,
    };
    // Another model after a failure (fallback.ts): a server's feature, installed by its entry.
    if (options.fallback || options.hedge) useFallback(call, params, options, meter);
    // The first attempt: raced between models with `hedge` (hedge.ts), else sent.
    const open = call.open ?? send;
    const expectEventStream = (exchange: Exchange) => {
      const type = exchange.response.headers.get('content-type') ?? '';
      if (!type.includes('text/event-stream')) {
        exchange.disconnect();
        throw new InvalidResponseError(
          `${exchange.what} was asked to stream but answered ${type || 'no content type'} instead of text/event-stream.`,
          exchange.response.status,
        );
      }
      return exchange;
    };
    try {
      if (!stream) {
        const completion = await open(
          transport,
          call,
          (exchange) => {
            meter.response = exchange.response;
            return readJson<ChatCompletion>(
              exchange,
              transport,
              completionProblem,
              'a chat completion',
            );
          },
          { ...options, budget },
        );
        // The reasoning apart from the answer, as in a stream: inline, or under either name.
        const tags = options.thinkTags ?? THINKS_INLINE.test(completion.model);
        for (const { message: m } of completion.choices) {
          const [answer, thought] = tags ? splitThink({ held: '' }, m.content ?? '', true) : [];
          if (thought) m.content = answer!;
          m.reasoning_content = thought || (m.reasoning_content ?? m.reasoning);
        }
        return withFigures(completion, meter.end(completion), meter.response!);
      }
      return new ChatCompletionStream({
        exchange: await open(transport, call, expectEventStream, { ...options, budget }),
        reconnect: (failure, signal) =>
          send(transport, call, expectEventStream, { ...options, signal, budget, failure }),
        settings: transport,
        signal: options.signal,
        meter,
        thinkTags: options.thinkTags,
      });
    } catch (error) {
      meter.fail(error);
      throw error;
    }
  }
}

/** What `models.list()` resolves with: the models, with the request id and response beside them. */
export type ModelListResult = Model[] & {
  /** The server's `x-request-id`, to quote when reporting a problem. */
  readonly requestId: string | undefined;
  /** The HTTP response the list came in (its body has been read). */
  readonly response: Response;
};

/** `client.models`: the models endpoint. */
export class Models {
  readonly #transport: Transport;
  /** @internal Made by {@link Comput3}. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * The models the API serves now (`GET /models`); may include ids the spec does not know. The
   * list carries its `requestId` and `response`, not enumerable.
   */
  async list(options: RequestOptions = {}): Promise<ModelListResult> {
    const transport = this.#transport;
    return send(
      transport,
      { method: 'GET', path: '/models' satisfies keyof paths },
      async (exchange) => {
        const { response } = exchange;
        const list = await readJson<ModelList>(
          exchange,
          transport,
          modelListProblem,
          'a model list',
        );
        return Object.defineProperties(list.data, {
          response: { value: response },
          requestId: { value: response.headers.get('x-request-id') ?? undefined },
        }) as ModelListResult;
      },
      options,
    );
  }
}
