/**
 * This file was generated from openapi/comput3.yaml by packages/api/scripts/generate.mjs.
 * Do not edit it by hand: change the spec and run `pnpm generate`.
 */
/** Every path and method of the spec, as openapi-fetch's `createClient<paths>()` reads them. Each schema is documented by its own name (`ChatCompletion`, …); each operation in the HTTP reference. */
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
/** The spec's `components`: `components["schemas"]["ChatCompletion"]` is `ChatCompletion`, for code written against the raw names. */
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
/** Every operation of the spec by its `operationId`, with its parameters, body and responses. */
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
    /** Who wrote the message. */
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
    /** The call's id; the `tool` message with its result names it in `tool_call_id`. */
    id: string;
    /**
     * Always `function`.
     * @constant
     */
    type: "function";
    /** The function the model called. */
    function: {
        /** The name of the tool, one of the request's `tools`. */
        name: string;
        /** The arguments as JSON text, which the model may have got wrong. */
        arguments: string;
    };
}
/** OpenAI-compatible extension. A function the model may call. */
export interface Tool {
    /**
     * Always `function`.
     * @constant
     */
    type: "function";
    /** The function: its name, what it does and its arguments. */
    function: {
        /** Letters, digits, `_` and `-`, at most 64 characters. */
        name: string;
        /** What the function does, for the model to decide when to call it. */
        description?: string;
        /** A JSON Schema for the arguments (an object schema). */
        parameters?: {
            [key: string]: unknown;
        };
        /** True asks the server to keep the arguments to `parameters` exactly. */
        strict?: boolean | null;
    };
}
/**
 * OpenAI-compatible extension. `none` never calls a tool, `auto` lets the model choose,
 *     `required` makes it call one, and `{type: function, function: {name}}` that one.
 */
export type ToolChoice = ("none" | "auto" | "required") | {
    /**
     * Always `function`.
     * @constant
     */
    type: "function";
    /** The tool to call. */
    function: {
        /** The name of one of the request's `tools`. */
        name: string;
    };
};
/**
 * OpenAI-compatible extension. `text` (the default), `json_object` (some JSON object), or
 *     `json_schema` (JSON valid against `json_schema.schema`).
 */
export type ResponseFormat = {
    /**
     * `text` (the default) or `json_object`.
     * @enum {string}
     */
    type: "text" | "json_object";
} | {
    /**
     * `json_schema`: the content is JSON that fits `json_schema.schema`.
     * @constant
     */
    type: "json_schema";
    /** The schema the content must fit, and its name. */
    json_schema: {
        /** A name for the schema: letters, digits, `_` and `-`, at most 64 characters. */
        name: string;
        /** What the schema describes, for the model. */
        description?: string;
        /** The JSON Schema the content must fit. */
        schema?: {
            [key: string]: unknown;
        };
        /** True asks the server to keep the content to the schema exactly. */
        strict?: boolean | null;
    };
};
/** Chat completion request */
export interface ChatCompletionRequest {
    /** The model to use: one of the documented ids, or any other id the server serves. */
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
    /** OpenAI-compatible extension. Options for a streamed answer. */
    stream_options?: StreamOptions;
    /** OpenAI-compatible extension. Functions the model may call. */
    tools?: Tool[];
    /** OpenAI-compatible extension. Whether and which tool the model must call. */
    tool_choice?: ToolChoice;
    /** OpenAI-compatible extension. False asks for at most one call per answer. */
    parallel_tool_calls?: boolean;
    /** OpenAI-compatible extension. The shape the answer's content must take. */
    response_format?: ResponseFormat;
    /**
     * OpenAI-compatible extension, not on the published page. Asks a server that supports
     *     it to sample the same way for the same seed and the same request; another seed gives
     *     another answer (what a "regenerate" wants). Best effort: not every server keeps it.
     */
    seed?: number;
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
    /** Always `assistant`. */
    role: Role;
    /** The text of the answer; null when the model only called tools. */
    content: string | null;
    /**
     * OpenAI-compatible extension, not on the published page: the reasoning a model wrote
     *     before its answer, apart from it (DeepSeek's name for it). Absent or null for a
     *     model that does not reason, or a server that puts the reasoning elsewhere.
     */
    reasoning_content?: string | null;
    /**
     * OpenAI-compatible extension: the same reasoning, under the name some servers (vLLM,
     *     OpenRouter) give it. Clients read either.
     */
    reasoning?: string | null;
    /** OpenAI-compatible extension. The tools the model called. */
    tool_calls?: ToolCall[];
}
/**
 * Why the model stopped: `stop` at a natural end, `length` when `max_tokens` was
 *     reached, `tool_calls` when it called tools (an OpenAI-compatible extension). The
 *     published page types it as a plain string, so other values may appear.
 */
export type FinishReason = ("stop" | "length" | "tool_calls") | (string & {});
/** One answer. There is one unless the request asked for more. */
export interface ChatCompletionChoice {
    /** The position of this choice, from 0. */
    index: number;
    /** The message the model wrote. */
    message: AssistantMessage;
    /** Why the model stopped. */
    finish_reason: FinishReason;
}
/** Token counts for the request; `total_tokens` is the sum of the other two. */
export interface Usage {
    /** Tokens in the request's messages. */
    prompt_tokens: number;
    /** Tokens in the answer. */
    completion_tokens: number;
    /** The sum of the two. */
    total_tokens: number;
    /** OpenAI-compatible extension. What the completion tokens were spent on. */
    completion_tokens_details?: {
        /** Of the completion tokens, those spent reasoning before the answer. */
        reasoning_tokens?: number;
    };
}
/** Chat completion response */
export interface ChatCompletion {
    /** The completion's id, e.g. `chatcmpl-…`. */
    id: string;
    /**
     * Always `chat.completion`.
     * @constant
     */
    object: "chat.completion";
    /** Unix time in seconds. */
    created: number;
    /** The model that answered, which may name a version of the one asked for. */
    model: string;
    /** The answers; one unless more were asked for. */
    choices: ChatCompletionChoice[];
    /** Token counts; some servers omit them. */
    usage?: Usage;
}
/**
 * What a chunk adds to the message. The first chunk carries the `role`, later ones
 *     pieces of `content`, the last none.
 */
export interface ChatCompletionDelta {
    /** The author, on the first chunk only. */
    role?: Role;
    /** The next piece of the text, if any. */
    content?: string | null;
    /**
     * OpenAI-compatible extension, not on the published page: the next piece of the reasoning a
     *     model writes before its answer, apart from it (DeepSeek's name for it). Absent or null for a
     *     model that does not reason, or a server that puts the reasoning elsewhere.
     */
    reasoning_content?: string | null;
    /**
     * OpenAI-compatible extension: the same reasoning, under the name some servers (vLLM,
     *     OpenRouter) give it. Clients read either.
     */
    reasoning?: string | null;
    /**
     * OpenAI-compatible extension. Pieces of tool calls: the first piece of a call has its
     *     `index`, `id`, `type` and `function.name`; later pieces with the same `index` add to
     *     `function.arguments`.
     */
    tool_calls?: ToolCallDelta[];
}
/** OpenAI-compatible extension. A piece of a streamed tool call. */
export interface ToolCallDelta {
    /** Which call of the answer this piece belongs to. */
    index: number;
    /** The call's id, on its first piece. */
    id?: string;
    /**
     * Always `function`, on the call's first piece.
     * @constant
     */
    type?: "function";
    /** The name (first piece) or a piece of the arguments. */
    function?: {
        /** The tool's name, on the call's first piece. */
        name?: string;
        /** The next piece of the arguments' JSON text. */
        arguments?: string;
    };
}
/** The part of one choice that a chunk carries. */
export interface ChatCompletionChunkChoice {
    /** Which choice this piece belongs to, from 0. */
    index: number;
    /** What this chunk adds to the message. */
    delta: ChatCompletionDelta;
    /** Null until the chunk that ends the choice. */
    finish_reason: FinishReason | null;
}
/**
 * One event of a streamed answer (OpenAI-compatible extension, not on the published
 *     page). All chunks of one answer share `id`, `created` and `model`.
 */
export interface ChatCompletionChunk {
    /** The answer's id, the same on every chunk. */
    id: string;
    /**
     * Always `chat.completion.chunk`.
     * @constant
     */
    object: "chat.completion.chunk";
    /** Unix time in seconds, the same on every chunk. */
    created: number;
    /** The model that answers. */
    model: string;
    /** The pieces of each choice; empty on the usage chunk. */
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
    /** The SSE event id; not sent by this API. */
    id?: string;
    /** The SSE reconnection time in milliseconds; not sent by this API. */
    retry?: number;
    /** A chunk as JSON, or `[DONE]` at the end. */
    data: "[DONE]" | string;
}
/** A model the server serves. */
export interface Model {
    /** The id to pass as `model`. */
    id: string;
    /**
     * Always `model`.
     * @constant
     */
    object: "model";
    /** Unix time in seconds when the model was added. */
    created: number;
    /**
     * Who serves or made the model.
     * @example comput3
     */
    owned_by: string;
}
/** OpenAI-compatible extension, not on the published page. */
export interface ModelList {
    /**
     * Always `list`.
     * @constant
     */
    object: "list";
    /** The models. */
    data: Model[];
}
/**
 * The error body. The published page does not describe errors; this is the OpenAI
 *     wire format, which public clients of this API rely on.
 */
export interface ErrorResponse {
    /** What went wrong. */
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
