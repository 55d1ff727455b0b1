/**
 * `@comput3/core`: the client, its streams, its errors and each call's figures.
 *
 * @module main
 */
export {
  Comput3,
  ChatCompletions,
  Models,
  type AskOptions,
  type ClientOptions,
  type ChatCompletionCreateParams,
  type ChatCompletionCreateParamsNonStreaming,
  type ChatCompletionCreateParamsStreaming,
  type ModelListResult,
} from './client.js';
export { ChatCompletionStream } from './stream.js';
export type {
  CallInfo,
  CallListener,
  CallMetrics,
  CallObserver,
  ChatCompletionResult,
  FallenBack,
  KeptMetrics,
} from './metrics.js';
export { isRetryableError } from './retry.js';
export { Limiter, MemoryStore } from './limiter/index.js';
export type {
  LimitedAttempt,
  LimiterOptions,
  LimiterStats,
  LimiterStore,
} from './limiter/index.js';
export type { RequestOptions } from './request.js';
export type { FetchOptions } from './options.js';
export type { Logger, LogLevel } from './log.js';
export {
  Comput3Error,
  Comput3ValidationError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  InvalidResponseError,
} from './errors.js';
export type { StreamEnding } from './errors.js';
export { KNOWN_MODELS, DEFAULT_BASE_URL } from '@comput3/api/constants';
export type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  ChatMessage,
  FinishReason,
  KnownModelId,
  Model,
  ModelId,
  Role,
  Tool,
  ToolCall,
  ToolCallDelta,
  ToolChoice,
  ResponseFormat,
  Usage,
} from '@comput3/api';

import { Comput3 } from './client.js';
export default Comput3;
