export { createApiClient, type ApiClient, type ApiClientOptions } from './client.js';
export { DEFAULT_BASE_URL, KNOWN_MODELS, ROLES, SPEC_VERSION } from './generated/constants.js';
export type { components, operations, paths } from './generated/schema.js';

import type { components } from './generated/schema.js';

type Schemas = components['schemas'];

/** The request body of `POST /chat/completions`. */
export type ChatCompletionRequest = Schemas['ChatCompletionRequest'];
/** A non-streamed answer. */
export type ChatCompletion = Schemas['ChatCompletion'];
/** One `data:` event of a streamed answer. */
export type ChatCompletionChunk = Schemas['ChatCompletionChunk'];
export type ChatCompletionChoice = Schemas['ChatCompletionChoice'];
export type ChatCompletionChunkChoice = Schemas['ChatCompletionChunkChoice'];
export type ChatMessage = Schemas['ChatMessage'];
export type AssistantMessage = Schemas['AssistantMessage'];
export type Role = Schemas['Role'];
export type FinishReason = Schemas['FinishReason'];
export type Usage = Schemas['Usage'];
export type StreamOptions = Schemas['StreamOptions'];
/** A documented model id, or any other string (the list changes over time). */
export type ModelId = Schemas['ModelId'];
/** The model ids the spec documents. */
export type KnownModelId = Schemas['KnownModelId'];
export type Model = Schemas['Model'];
export type ModelList = Schemas['ModelList'];
/** The OpenAI-style error body: `{ error: { message, type, param, code } }`. */
export type ErrorResponse = Schemas['ErrorResponse'];
/** A function the model may call (OpenAI-compatible extension). */
export type Tool = Schemas['Tool'];
/** One call of a tool in an assistant message. */
export type ToolCall = Schemas['ToolCall'];
/** A piece of a streamed tool call. */
export type ToolCallDelta = Schemas['ToolCallDelta'];
export type ToolChoice = Schemas['ToolChoice'];
export type ResponseFormat = Schemas['ResponseFormat'];
