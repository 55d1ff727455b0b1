/**
 * `@comput3/api`: the types generated from the spec, its constants, and a typed openapi-fetch
 * client.
 *
 * @module main
 */
export { createApiClient, type ApiClient, type ApiClientOptions } from './client.js';
export { DEFAULT_BASE_URL, KNOWN_MODELS, ROLES, SPEC_VERSION } from './generated/constants.js';
export type { components, operations, paths } from './generated/schema.js';

// The schemas by name, each documented from the spec: hovers show `ChatCompletion`, not
// `components["schemas"]["ChatCompletion"]` (packages/api/scripts/generate.mjs).
export type {
  ChatCompletionRequest,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionChoice,
  ChatCompletionChunkChoice,
  ChatCompletionDelta,
  ChatMessage,
  AssistantMessage,
  Role,
  FinishReason,
  Usage,
  StreamOptions,
  ModelId,
  KnownModelId,
  Model,
  ModelList,
  ErrorResponse,
  Tool,
  ToolCall,
  ToolCallDelta,
  ToolChoice,
  ResponseFormat,
  ChatCompletionStreamEvent,
} from './generated/schema.js';
