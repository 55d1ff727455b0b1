import type {
  ChatCompletion,
  ChatCompletionRequest,
  Model,
  ModelId,
  ModelList,
} from '@comput3/api';
import { InvalidResponseError } from './errors.js';
import { resolveOptions, type ClientOptions } from './options.js';
import { readJson } from './body.js';
import type { Exchange } from './exchange.js';
import { retryBudget, send, type Call, type RequestOptions } from './request.js';
import { completionProblem } from './shape.js';
import { ChatCompletionStream } from './stream.js';
import { createTransport, type Transport } from './transport.js';
import { validateChatRequest } from './validate.js';

export type { ClientOptions } from './options.js';

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

export class Comput3 {
  readonly baseURL: string;
  readonly chat: { readonly completions: ChatCompletions };
  readonly models: Models;
  /** @internal */
  readonly transport: Transport;

  constructor(options: ClientOptions = {}) {
    const resolved = resolveOptions(options);
    this.baseURL = resolved.baseURL;
    this.transport = createTransport(resolved);
    this.chat = { completions: new ChatCompletions(this.transport) };
    this.models = new Models(this.transport);
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
  constructor(private readonly t: Transport) {}

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
    const { t } = this;
    const stream = params.stream === true;
    const call: Call = {
      method: 'POST',
      path: '/chat/completions',
      body: JSON.stringify(params),
      headers: stream ? { accept: 'text/event-stream' } : undefined,
    };
    if (!stream) {
      return send(t, call, options, (ex) =>
        readJson<ChatCompletion>(ex, t, completionProblem, 'a chat completion'),
      );
    }
    const expectEventStream = async (ex: Exchange) => {
      const type = ex.response.headers.get('content-type') ?? '';
      if (!type.includes('text/event-stream')) {
        ex.disconnect();
        throw new InvalidResponseError(
          `${ex.what} was asked to stream but answered ${type || 'no content type'} instead of text/event-stream.`,
          ex.response.status,
        );
      }
      return ex;
    };
    // One budget for the first connection and any reconnection before the first chunk.
    const budget = retryBudget(t, options);
    const ex = await send(t, call, options, expectEventStream, budget);
    return new ChatCompletionStream(
      ex,
      (failure, signal) =>
        send(t, call, { ...options, signal }, expectEventStream, budget, failure),
      t,
      options.signal,
    );
  }
}

/** What a model list entry must be: an object with a string id. Other fields are kept as sent. */
function modelListProblem(list: ModelList): string | undefined {
  if (!Array.isArray(list?.data)) return 'it has no "data" array';
  const bad = list.data.findIndex((m) => typeof m?.id !== 'string' || m.id === '');
  if (bad !== -1) return `data[${bad}].id is not a non-empty string`;
  return undefined;
}

export class Models {
  constructor(private readonly t: Transport) {}

  /** The models the API serves now (`GET /models`); may include ids the spec does not know. */
  async list(options: RequestOptions = {}): Promise<Model[]> {
    const { t } = this;
    return send(t, { method: 'GET', path: '/models' }, options, async (ex) => {
      const list = await readJson<ModelList>(ex, t, modelListProblem, 'a model list');
      return list.data;
    });
  }
}
