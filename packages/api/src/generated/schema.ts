/**
 * This file was generated from openapi/comput3.yaml by packages/api/scripts/generate.mjs.
 * Do not edit it by hand: change the spec and run `pnpm generate`.
 */
export interface paths {
    "/chat/completions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a chat completion
         * Generate AI responses using Comput3's language models.
         *
         *     With `stream: true` (an OpenAI-compatible extension not on the published page) the
         *     answer is a `text/event-stream` of `ChatCompletionChunk` objects, each sent as a
         *     `data: <json>` event, ended by `data: [DONE]`.
         *
         *     A stream is complete when `data: [DONE]` arrives, or when the body ends cleanly after
         *     every choice has had its `finish_reason` (some OpenAI-compatible servers close the
         *     stream right after the finish chunk and never send `[DONE]`). A stream that ends
         *     before that, or breaks off in the middle of an event, is incomplete: clients must not
         *     take it for a whole answer.
         */
        post: operations["createChatCompletion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the available models
         * OpenAI-compatible extension, not documented on the published page: public clients
         *     of this API call it, and it answers in the OpenAI list format. The list changes
         *     over time, so clients must accept ids they do not know.
         */
        get: operations["listModels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ModelId: ModelId;
        KnownModelId: KnownModelId;
        Role: Role;
        ChatMessage: ChatMessage;
        ToolCall: ToolCall;
        Tool: Tool;
        ToolChoice: ToolChoice;
        ResponseFormat: ResponseFormat;
        ChatCompletionRequest: ChatCompletionRequest;
        StreamOptions: StreamOptions;
        AssistantMessage: AssistantMessage;
        FinishReason: FinishReason;
        ChatCompletionChoice: ChatCompletionChoice;
        Usage: Usage;
        ChatCompletion: ChatCompletion;
        ChatCompletionDelta: ChatCompletionDelta;
        ToolCallDelta: ToolCallDelta;
        ChatCompletionChunkChoice: ChatCompletionChunkChoice;
        ChatCompletionChunk: ChatCompletionChunk;
        ChatCompletionStreamEvent: ChatCompletionStreamEvent;
        Model: Model;
        ModelList: ModelList;
        ErrorResponse: ErrorResponse;
    };
    responses: {
        /** The request body is invalid; `error.param` names the field. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": ErrorResponse;
            };
        };
        /** The bearer token is missing, malformed or not a valid API key. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": ErrorResponse;
            };
        };
        /** The API key may not use this resource. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": ErrorResponse;
            };
        };
        /** The model (or path) does not exist. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": ErrorResponse;
            };
        };
        /** The request body is larger than the server accepts. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": ErrorResponse;
            };
        };
        /** The request body was not sent as `application/json`. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": ErrorResponse;
            };
        };
        /** The request is well-formed but cannot be processed. */
        UnprocessableEntity: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": ErrorResponse;
            };
        };
        /** Too many requests. Wait for `Retry-After` before trying again. */
        RateLimited: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/json": ErrorResponse;
            };
        };
        /** The server failed; the request may be retried. */
        InternalServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": ErrorResponse;
            };
        };
        /** The service is overloaded or down. Wait for `Retry-After` before trying again. */
        ServiceUnavailable: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/json": ErrorResponse;
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: {
        /** An id for this request, to quote when reporting a problem. */
        RequestId: string;
        /** Seconds (or an HTTP date) to wait before trying again. */
        RetryAfter: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    createChatCompletion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Chat completion request */
        requestBody: {
            content: {
                "application/json": ChatCompletionRequest;
            };
        };
        responses: {
            /**
             * Chat completion response. A JSON `ChatCompletion`, or, when the request set
             *     `stream: true`, a `text/event-stream` of `ChatCompletionChunk` events ended by
             *     `data: [DONE]` (OpenAI wire format; not on the published page).
             */
            200: {
                headers: {
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": ChatCompletion;
                    "text/event-stream": ChatCompletionStreamEvent;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listModels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** The models this deployment serves. */
            200: {
                headers: {
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": ModelList;
                };
            };
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
/**
 * The model to use for completion. The published page lists the eight ids below; the
 *     list changes over time, so any non-empty id is accepted and the server answers 404
 *     `model_not_found` for one it does not serve.
 */
export type ModelId = KnownModelId | (string & {});
/**
 * The model ids documented on the published page.
 * @enum {string}
 */
export type KnownModelId = "hermes4:70b" | "hermes4:405b" | "deepseek-v3.1" | "kimi-k2" | "qwen3-coder:480b" | "qwen3-max" | "grok-code-fast-1" | "claude-sonnet-4";
/**
 * Who wrote a message. `tool` (an OpenAI-compatible extension) carries a tool's result
 *     back to the model.
 * @enum {string}
 */
export type Role = "system" | "user" | "assistant" | "tool";
/**
 * One message of the conversation. The published page documents `role` and `content`;
 *     `tool_calls`, `tool_call_id` and a null `content` are OpenAI-compatible extensions: an
 *     assistant message that called tools may have `content: null`, and a `tool` message
 *     answers the call named by its `tool_call_id`.
 */
export type ChatMessage = {
    role: Role;
    /** The text of the message; null only in an assistant message with `tool_calls`. */
    content: string | null;
    /** OpenAI-compatible extension. The tools an assistant message called. */
    tool_calls?: ToolCall[];
    /** OpenAI-compatible extension. In a `tool` message, the call it answers. */
    tool_call_id?: string;
} & (unknown & unknown);
/** OpenAI-compatible extension. One call of a tool, as the model asked for it. */
export interface ToolCall {
    id: string;
    /** @constant */
    type: "function";
    function: {
        name: string;
        /** The arguments as JSON text, which the model may have got wrong. */
        arguments: string;
    };
}
/** OpenAI-compatible extension. A function the model may call. */
export interface Tool {
    /** @constant */
    type: "function";
    function: {
        /** Letters, digits, `_` and `-`, at most 64 characters. */
        name: string;
        description?: string;
        /** A JSON Schema for the arguments (an object schema). */
        parameters?: {
            [key: string]: unknown;
        };
        strict?: boolean | null;
    };
}
/**
 * OpenAI-compatible extension. `none` never calls a tool, `auto` lets the model choose,
 *     `required` makes it call one, and `{type: function, function: {name}}` that one.
 */
export type ToolChoice = ("none" | "auto" | "required") | {
    /** @constant */
    type: "function";
    function: {
        name: string;
    };
};
/**
 * OpenAI-compatible extension. `text` (the default), `json_object` (some JSON object), or
 *     `json_schema` (JSON valid against `json_schema.schema`).
 */
export type ResponseFormat = {
    /** @enum {string} */
    type: "text" | "json_object";
} | {
    /** @constant */
    type: "json_schema";
    json_schema: {
        name: string;
        description?: string;
        /** The JSON Schema the content must fit. */
        schema?: {
            [key: string]: unknown;
        };
        strict?: boolean | null;
    };
};
/** Chat completion request */
export interface ChatCompletionRequest {
    model: ModelId;
    /** The messages to complete, oldest first. */
    messages: ChatMessage[];
    /** Maximum number of tokens to generate. */
    max_tokens?: number;
    /** Sampling temperature (0.0 to 2.0). */
    temperature?: number;
    /**
     * OpenAI-compatible extension, not on the published page: when true the answer is
     *     a `text/event-stream` of `ChatCompletionChunk` events ended by `data: [DONE]`.
     * @default false
     */
    stream?: boolean;
    stream_options?: StreamOptions;
    /** OpenAI-compatible extension. Functions the model may call. */
    tools?: Tool[];
    tool_choice?: ToolChoice;
    /** OpenAI-compatible extension. False asks for at most one call per answer. */
    parallel_tool_calls?: boolean;
    response_format?: ResponseFormat;
}
/**
 * OpenAI-compatible extension, not on the published page. Only meaningful with
 *     `stream: true`.
 */
export interface StreamOptions {
    /**
     * When true, one more chunk is sent before `data: [DONE]` with empty `choices`
     *     and the `usage` of the whole request.
     */
    include_usage?: boolean;
}
/**
 * The message the model wrote. With tool calls (an OpenAI-compatible extension) `content`
 *     may be null.
 */
export interface AssistantMessage {
    role: Role;
    content: string | null;
    tool_calls?: ToolCall[];
}
/**
 * Why the model stopped: `stop` at a natural end, `length` when `max_tokens` was
 *     reached, `tool_calls` when it called tools (an OpenAI-compatible extension). The
 *     published page types it as a plain string, so other values may appear.
 */
export type FinishReason = ("stop" | "length" | "tool_calls") | (string & {});
export interface ChatCompletionChoice {
    index: number;
    message: AssistantMessage;
    finish_reason: FinishReason;
}
/** Token counts for the request; `total_tokens` is the sum of the other two. */
export interface Usage {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
}
/** Chat completion response */
export interface ChatCompletion {
    id: string;
    /** @constant */
    object: "chat.completion";
    /** Unix time in seconds. */
    created: number;
    model: string;
    choices: ChatCompletionChoice[];
    usage?: Usage;
}
/**
 * What a chunk adds to the message. The first chunk carries the `role`, later ones
 *     pieces of `content`, the last none.
 */
export interface ChatCompletionDelta {
    role?: Role;
    content?: string | null;
    /**
     * OpenAI-compatible extension. Pieces of tool calls: the first piece of a call has its
     *     `index`, `id`, `type` and `function.name`; later pieces with the same `index` add to
     *     `function.arguments`.
     */
    tool_calls?: ToolCallDelta[];
}
/** OpenAI-compatible extension. A piece of a streamed tool call. */
export interface ToolCallDelta {
    index: number;
    id?: string;
    /** @constant */
    type?: "function";
    function?: {
        name?: string;
        arguments?: string;
    };
}
export interface ChatCompletionChunkChoice {
    index: number;
    delta: ChatCompletionDelta;
    /** Null until the chunk that ends the choice. */
    finish_reason: FinishReason | null;
}
/**
 * One event of a streamed answer (OpenAI-compatible extension, not on the published
 *     page). All chunks of one answer share `id`, `created` and `model`.
 */
export interface ChatCompletionChunk {
    id: string;
    /** @constant */
    object: "chat.completion.chunk";
    created: number;
    model: string;
    choices: ChatCompletionChunkChoice[];
    /** Sent only on the last chunk, when `stream_options.include_usage` was set. */
    usage?: Usage | null;
}
/**
 * One Server-Sent Event of a streamed answer (OpenAI-compatible extension, not on the
 *     published page), modelled as the SSE media type is in OpenAPI: an object with the
 *     event's fields. Each event's `data` is either a JSON `ChatCompletionChunk` or, on the
 *     last event, the literal `[DONE]`. Tools that check streams event by event (OpenAPI
 *     3.2's `itemSchema`; in 3.1 the media type's `schema`) read this.
 */
export interface ChatCompletionStreamEvent {
    /** Not sent by this API; an absent `event` means `message`. */
    event?: string;
    id?: string;
    retry?: number;
    data: "[DONE]" | string;
}
export interface Model {
    id: string;
    /** @constant */
    object: "model";
    created: number;
    owned_by: string;
}
/** OpenAI-compatible extension, not on the published page. */
export interface ModelList {
    /** @constant */
    object: "list";
    data: Model[];
}
/**
 * The error body. The published page does not describe errors; this is the OpenAI
 *     wire format, which public clients of this API rely on.
 */
export interface ErrorResponse {
    error: {
        /** One readable sentence. */
        message: string;
        /** The kind of error, e.g. `invalid_request_error`, `rate_limit_error`, `server_error`. */
        type: string;
        /** The request field at fault, when there is one. */
        param?: string | null;
        /** A stable machine-readable code, e.g. `model_not_found`, `invalid_api_key`. */
        code?: string | null;
    };
}
