import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  SharedV3Warning,
} from '@ai-sdk/provider';
import type { ChatCompletion, Comput3, ModelId, RequestOptions } from '@comput3/core';
import { headersOf, toFinishReason, toParams, toUsage } from './convert.js';
import { toAISDKError } from './errors.js';

/** The settings of one model: `comput3('kimi-k2', { fallback: ['deepseek-v3.1'] })`. */
export interface Comput3ChatSettings {
  /**
   * Models to move to, in order, when this one fails before its first token (overloaded, 429,
   * 5xx, unreachable): core's `fallback`. `response.modelId` names the model that answered.
   */
  fallback?: ModelId[];
  /** With `fallback`: race the models when no token has come within this many ms (core's `hedge`). */
  hedge?: number;
}

/**
 * A Comput3 model as the AI SDK's language model, on top of `@comput3/core`. It implements
 * specification v3: `ai` 6 takes only that one and `ai` 7 still takes it, so one provider
 * serves both. Core validates the request, reads the stream and decides what a complete
 * answer is, so a stream cut before its finish is an error here, not a short answer. Retries
 * are the AI SDK's (`maxRetries` of generateText/streamText); core is built with
 * `maxRetries: 0`, so that a failing request is not retried twice over.
 */
export class Comput3ChatLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider = 'comput3.chat';
  readonly supportedUrls = {};

  constructor(
    /** The model id, as given. */
    readonly modelId: string,
    private readonly client: () => Comput3,
    private readonly settings: Comput3ChatSettings = {},
  ) {}

  #prepare(options: LanguageModelV3CallOptions) {
    const warnings: SharedV3Warning[] = [];
    const params = toParams(this.modelId, options, warnings);
    const headers = Object.fromEntries(
      Object.entries(options.headers ?? {}).filter(
        (e): e is [string, string] => e[1] !== undefined,
      ),
    );
    const request: RequestOptions = {
      ...(options.abortSignal ? { signal: options.abortSignal } : {}),
      ...(Object.keys(headers).length ? { headers } : {}),
      // Given as set: core refuses a hedge without a fallback, in its words.
      ...(this.settings.fallback || this.settings.hedge !== undefined
        ? { fallback: this.settings.fallback, hedge: this.settings.hedge }
        : {}),
    };
    const client = this.client();
    return { warnings, params, request, client, url: `${client.baseURL}/chat/completions` };
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { warnings, params, request, client, url } = this.#prepare(options);
    let completion: ChatCompletion;
    try {
      completion = await client.chat.completions.create({ ...params, stream: false }, request);
    } catch (error) {
      throw toAISDKError(error, url, params);
    }
    const choice = completion.choices[0];
    const content: LanguageModelV3Content[] = [];
    // The reasoning first, as the model thought before it answered (core has split it out).
    const thought = choice?.message.reasoning_content;
    if (thought) content.push({ type: 'reasoning', text: thought });
    if (choice?.message.content) content.push({ type: 'text', text: choice.message.content });
    for (const call of choice?.message.tool_calls ?? []) {
      content.push({
        type: 'tool-call',
        toolCallId: call.id,
        toolName: call.function.name,
        input: call.function.arguments,
      });
    }
    return {
      content,
      finishReason: toFinishReason(choice?.finish_reason),
      usage: toUsage(completion.usage),
      warnings,
      request: { body: params },
      response: {
        id: completion.id,
        modelId: completion.model,
        timestamp: new Date(completion.created * 1000),
        body: completion,
      },
    };
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const { warnings, params, request, client, url } = this.#prepare(options);
    const body = { ...params, stream: true as const, stream_options: { include_usage: true } };
    let source;
    try {
      source = await client.chat.completions.create(body, request);
    } catch (error) {
      throw toAISDKError(error, url, body);
    }
    const stream = source;
    const chunks = stream[Symbol.asyncIterator]();
    const calls = new Map<number, { id: string; name: string; input: string }>();
    let textOpen = false;
    let reasoningOpen = false;
    let metadataSent = false;
    // Pull-based: a chunk is read from the API when the AI SDK asks for parts, so a slow
    // consumer slows the reading (back-pressure) instead of parts piling up in memory.
    const stream2 = new ReadableStream<LanguageModelV3StreamPart>({
      start: (controller) => controller.enqueue({ type: 'stream-start', warnings }),
      async pull(controller) {
        let made = 0;
        const emit = (part: LanguageModelV3StreamPart) => {
          made++;
          controller.enqueue(part);
        };
        try {
          // Read on until a chunk makes a part: a stream calls pull again only after one.
          for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
            const chunk = next.value;
            if (options.includeRawChunks) emit({ type: 'raw', rawValue: chunk });
            if (!metadataSent) {
              metadataSent = true;
              emit({
                type: 'response-metadata',
                id: chunk.id,
                modelId: chunk.model,
                timestamp: new Date(chunk.created * 1000),
              });
            }
            const delta = chunk.choices[0]?.delta;
            if (delta?.reasoning_content) {
              if (!reasoningOpen) emit({ type: 'reasoning-start', id: 'reasoning-0' });
              reasoningOpen = true;
              emit({ type: 'reasoning-delta', id: 'reasoning-0', delta: delta.reasoning_content });
            }
            if (delta?.content) {
              // The answer begun: the reasoning before it is over.
              if (reasoningOpen) emit({ type: 'reasoning-end', id: 'reasoning-0' });
              reasoningOpen = false;
              if (!textOpen) emit({ type: 'text-start', id: '0' });
              textOpen = true;
              emit({ type: 'text-delta', id: '0', delta: delta.content });
            }
            for (const piece of delta?.tool_calls ?? []) {
              let call = calls.get(piece.index);
              if (!call) {
                call = {
                  id: piece.id ?? `call_${piece.index}`,
                  name: piece.function?.name ?? '',
                  input: '',
                };
                calls.set(piece.index, call);
                emit({ type: 'tool-input-start', id: call.id, toolName: call.name });
              }
              const args = piece.function?.arguments;
              if (args) {
                call.input += args;
                emit({ type: 'tool-input-delta', id: call.id, delta: args });
              }
            }
            if (made) return;
          }
          // Core ended the loop only on a complete answer (a cut stream throws, below).
          const final = await stream.finalCompletion();
          if (reasoningOpen) emit({ type: 'reasoning-end', id: 'reasoning-0' });
          if (textOpen) emit({ type: 'text-end', id: '0' });
          for (const call of calls.values()) {
            emit({ type: 'tool-input-end', id: call.id });
            emit({
              type: 'tool-call',
              toolCallId: call.id,
              toolName: call.name,
              input: call.input || '{}',
            });
          }
          emit({
            type: 'finish',
            finishReason: toFinishReason(final.choices[0]?.finish_reason),
            usage: toUsage(final.usage),
          });
        } catch (error) {
          emit({ type: 'error', error: toAISDKError(error, url, body) });
        }
        controller.close();
      },
      cancel: () => stream.abort(),
    });
    return {
      stream: stream2,
      request: { body },
      response: { headers: headersOf(stream.response) },
    };
  }
}
