import type { LanguageModelV3, ProviderV3 } from '@ai-sdk/provider';
import { NoSuchModelError } from '@ai-sdk/provider';
import { Comput3, type ClientOptions, type ModelId } from '@comput3/core';
import { Comput3ChatLanguageModel, type Comput3ChatSettings } from './chat-model.js';

/** The options of `createComput3()`; every one is optional. */
export interface Comput3ProviderSettings {
  /** Default: the COMPUT3_API_KEY environment variable, read when the first request is made. */
  apiKey?: string;
  /** Default: COMPUT3_BASE_URL, then https://api.comput3.ai/v1. */
  baseURL?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** A fetch to use instead of the global one (tests, proxies). */
  fetch?: ClientOptions['fetch'];
  /** Options for `fetch` itself, such as a proxy dispatcher (see @comput3/core). */
  fetchOptions?: ClientOptions['fetchOptions'];
  /** Milliseconds of silence before a request gives up (default 10 minutes). */
  timeout?: number;
}

/** The provider: call it with a model id, or use `.languageModel()` / `.chat()`. */
export interface Comput3Provider extends ProviderV3 {
  /** A chat model: `comput3('kimi-k2')`. The documented ids autocomplete; any id is accepted. */
  (modelId: ModelId, settings?: Comput3ChatSettings): LanguageModelV3;
  languageModel(modelId: ModelId, settings?: Comput3ChatSettings): LanguageModelV3;
  /** The same chat model, by the AI SDK's provider convention. */
  chat(modelId: ModelId, settings?: Comput3ChatSettings): LanguageModelV3;
}

/**
 * A Comput3 provider for the Vercel AI SDK. The client is made on first use, so that importing
 * the default `comput3` never throws for want of a key; a missing key is reported by the first
 * call, in core's words.
 */
export function createComput3(settings: Comput3ProviderSettings = {}): Comput3Provider {
  let client: Comput3 | undefined;
  const getClient = () =>
    // Settings left undefined take core's defaults (the environment's key and base URL).
    (client ??= new Comput3({
      apiKey: settings.apiKey,
      baseURL: settings.baseURL,
      defaultHeaders: settings.headers,
      fetch: settings.fetch,
      fetchOptions: settings.fetchOptions,
      timeout: settings.timeout,
      // The AI SDK retries (its maxRetries); retrying here as well would multiply the attempts.
      maxRetries: 0,
    }));
  const chat = (modelId: ModelId, chatSettings?: Comput3ChatSettings) =>
    new Comput3ChatLanguageModel(modelId, getClient, chatSettings);
  const unsupported = (modelType: 'embeddingModel' | 'imageModel') => (modelId: string) => {
    throw new NoSuchModelError({ modelId, modelType });
  };
  return Object.assign(chat, {
    specificationVersion: 'v3' as const,
    languageModel: chat,
    chat,
    embeddingModel: unsupported('embeddingModel'),
    imageModel: unsupported('imageModel'),
  });
}

/** The default provider: COMPUT3_API_KEY and COMPUT3_BASE_URL from the environment. */
export const comput3 = createComput3();

export { Comput3ChatLanguageModel, type Comput3ChatSettings } from './chat-model.js';
