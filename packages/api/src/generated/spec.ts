/**
 * This file was generated from openapi/comput3.yaml by packages/api/scripts/generate.mjs.
 * Do not edit it by hand: change the spec and run `pnpm generate`.
 *
 * @module spec
 */
/** openapi/comput3.yaml as a JSON object. */
export const spec: { readonly [key: string]: unknown } = {
  "openapi": "3.1.0",
  "info": {
    "title": "Comput3 API",
    "version": "1.0.0",
    "summary": "OpenAI-compatible chat completions for the models Comput3 serves.",
    "description": "Written from the published reference page for \"Create Chat Completion\"\n(kept in `shared/docs/comput3-chat-completions.md`). That page documents\n`POST /chat/completions` with `model`, `messages`, `max_tokens` and `temperature`.\n\nWhere the page is silent, this spec follows the OpenAI wire format, which the\nAPI is compatible with and which public clients of it rely on. Every such part is\nmarked `x-openai-compatible-extension: true` and says so in its description:\nstreaming (`stream: true`, Server-Sent Events), `stream_options`, `GET /models`, and the\nerror body, tool calling and structured output (`tools`, `tool_choice`,\n`parallel_tool_calls`, `response_format`, `tool` messages, `tool_calls`), reasoning\n(`reasoning_content`, `reasoning`, `completion_tokens_details.reasoning_tokens`) and `seed`.\nWhether a model honours tools, structured output, reasoning and seeds depends on the model.\n",
    "license": {
      "name": "MIT",
      "identifier": "MIT"
    }
  },
  "servers": [
    {
      "url": "https://api.comput3.ai/v1",
      "description": "Production. Deployments have moved hosts before, so clients keep the base URL configurable."
    }
  ],
  "security": [
    {
      "bearerAuth": []
    }
  ],
  "tags": [
    {
      "name": "Chat",
      "description": "Chat completions, the endpoint the published page documents."
    },
    {
      "name": "Models",
      "description": "The models a deployment serves (OpenAI-compatible extension)."
    }
  ],
  "paths": {
    "/chat/completions": {
      "post": {
        "operationId": "createChatCompletion",
        "tags": [
          "Chat"
        ],
        "summary": "Create a chat completion",
        "description": "Generate AI responses using Comput3's language models.\n\nWith `stream: true` (an OpenAI-compatible extension not on the published page) the\nanswer is a `text/event-stream` of `ChatCompletionChunk` objects, each sent as a\n`data: <json>` event, ended by `data: [DONE]`.\n\nA stream is complete when `data: [DONE]` arrives, or when the body ends cleanly after\nevery choice has had its `finish_reason` (some OpenAI-compatible servers close the\nstream right after the finish chunk and never send `[DONE]`). A stream that ends\nbefore that, or breaks off in the middle of an event, is incomplete: clients must not\ntake it for a whole answer.\n",
        "requestBody": {
          "required": true,
          "description": "Chat completion request",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ChatCompletionRequest"
              },
              "examples": {
                "hello": {
                  "summary": "The published example request",
                  "value": {
                    "model": "deepseek-v3.1",
                    "messages": [
                      {
                        "role": "user",
                        "content": "Hello, world!"
                      }
                    ],
                    "max_tokens": 100,
                    "temperature": 0.7
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Chat completion response. A JSON `ChatCompletion`, or, when the request set\n`stream: true`, a `text/event-stream` of `ChatCompletionChunk` events ended by\n`data: [DONE]` (OpenAI wire format; not on the published page).\n",
            "headers": {
              "x-request-id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ChatCompletion"
                },
                "examples": {
                  "hello": {
                    "summary": "The published example response",
                    "value": {
                      "id": "chatcmpl-123abc",
                      "object": "chat.completion",
                      "created": 1677652288,
                      "model": "deepseek-v3.1",
                      "choices": [
                        {
                          "index": 0,
                          "message": {
                            "role": "assistant",
                            "content": "Hello! How can I help you today?"
                          },
                          "finish_reason": "stop"
                        }
                      ],
                      "usage": {
                        "prompt_tokens": 9,
                        "completion_tokens": 12,
                        "total_tokens": 21
                      }
                    }
                  }
                }
              },
              "text/event-stream": {
                "schema": {
                  "$ref": "#/components/schemas/ChatCompletionStreamEvent"
                },
                "x-openai-compatible-extension": true
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/UnprocessableEntity"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          },
          "500": {
            "$ref": "#/components/responses/InternalServerError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/models": {
      "get": {
        "operationId": "listModels",
        "tags": [
          "Models"
        ],
        "summary": "List the available models",
        "description": "OpenAI-compatible extension, not documented on the published page: public clients\nof this API call it, and it answers in the OpenAI list format. The list changes\nover time, so clients must accept ids they do not know.\n",
        "x-openai-compatible-extension": true,
        "responses": {
          "200": {
            "description": "The models this deployment serves.",
            "headers": {
              "x-request-id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ModelList"
                },
                "examples": {
                  "documented": {
                    "summary": "Two of the documented models",
                    "value": {
                      "object": "list",
                      "data": [
                        {
                          "id": "hermes4:70b",
                          "object": "model",
                          "created": 1677652288,
                          "owned_by": "comput3"
                        },
                        {
                          "id": "deepseek-v3.1",
                          "object": "model",
                          "created": 1677652288,
                          "owned_by": "comput3"
                        }
                      ]
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          },
          "500": {
            "$ref": "#/components/responses/InternalServerError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": "Bearer authentication header of the form `Bearer <token>`, where `<token>` is your API key."
      }
    },
    "headers": {
      "RequestId": {
        "description": "An id for this request, to quote when reporting a problem.",
        "schema": {
          "type": "string"
        }
      },
      "RetryAfter": {
        "description": "Seconds (or an HTTP date) to wait before trying again.",
        "schema": {
          "type": "string"
        }
      }
    },
    "responses": {
      "BadRequest": {
        "description": "The request body is invalid; `error.param` names the field.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            },
            "examples": {
              "temperature": {
                "value": {
                  "error": {
                    "message": "temperature must be <= 2",
                    "type": "invalid_request_error",
                    "param": "temperature",
                    "code": "invalid_value"
                  }
                }
              }
            }
          }
        }
      },
      "Unauthorized": {
        "description": "The bearer token is missing, malformed or not a valid API key.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            },
            "examples": {
              "missing": {
                "value": {
                  "error": {
                    "message": "Missing bearer token in the Authorization header.",
                    "type": "invalid_request_error",
                    "param": null,
                    "code": "invalid_api_key"
                  }
                }
              }
            }
          }
        }
      },
      "Forbidden": {
        "description": "The API key may not use this resource.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      },
      "NotFound": {
        "description": "The model (or path) does not exist.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            },
            "examples": {
              "model": {
                "value": {
                  "error": {
                    "message": "The model `no-such-model` does not exist.",
                    "type": "invalid_request_error",
                    "param": "model",
                    "code": "model_not_found"
                  }
                }
              }
            }
          }
        }
      },
      "PayloadTooLarge": {
        "description": "The request body is larger than the server accepts.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      },
      "UnsupportedMediaType": {
        "description": "The request body was not sent as `application/json`.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      },
      "UnprocessableEntity": {
        "description": "The request is well-formed but cannot be processed.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      },
      "RateLimited": {
        "description": "Too many requests. Wait for `Retry-After` before trying again.",
        "headers": {
          "Retry-After": {
            "$ref": "#/components/headers/RetryAfter"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      },
      "InternalServerError": {
        "description": "The server failed; the request may be retried.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      },
      "ServiceUnavailable": {
        "description": "The service is overloaded or down. Wait for `Retry-After` before trying again.",
        "headers": {
          "Retry-After": {
            "$ref": "#/components/headers/RetryAfter"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      }
    },
    "schemas": {
      "ModelId": {
        "description": "The model to use for completion. The published page lists the eight ids below; the\nlist changes over time, so any non-empty id is accepted and the server answers 404\n`model_not_found` for one it does not serve.\n",
        "anyOf": [
          {
            "$ref": "#/components/schemas/KnownModelId"
          },
          {
            "type": "string",
            "minLength": 1
          }
        ]
      },
      "KnownModelId": {
        "description": "The model ids documented on the published page.",
        "type": "string",
        "enum": [
          "hermes4:70b",
          "hermes4:405b",
          "deepseek-v3.1",
          "kimi-k2",
          "qwen3-coder:480b",
          "qwen3-max",
          "grok-code-fast-1",
          "claude-sonnet-4"
        ]
      },
      "Role": {
        "description": "Who wrote a message. `tool` (an OpenAI-compatible extension) carries a tool's result\nback to the model.\n",
        "type": "string",
        "enum": [
          "system",
          "user",
          "assistant",
          "tool"
        ]
      },
      "ChatMessage": {
        "type": "object",
        "description": "One message of the conversation. The published page documents `role` and `content`;\n`tool_calls`, `tool_call_id` and a null `content` are OpenAI-compatible extensions: an\nassistant message that called tools may have `content: null`, and a `tool` message\nanswers the call named by its `tool_call_id`.\n",
        "required": [
          "role",
          "content"
        ],
        "properties": {
          "role": {
            "description": "Who wrote the message.",
            "$ref": "#/components/schemas/Role"
          },
          "content": {
            "description": "The text of the message; null only in an assistant message with `tool_calls`.",
            "type": [
              "string",
              "null"
            ]
          },
          "tool_calls": {
            "type": "array",
            "minItems": 1,
            "description": "OpenAI-compatible extension. The tools an assistant message called.",
            "items": {
              "$ref": "#/components/schemas/ToolCall"
            },
            "x-openai-compatible-extension": true
          },
          "tool_call_id": {
            "type": "string",
            "minLength": 1,
            "description": "OpenAI-compatible extension. In a `tool` message, the call it answers.",
            "x-openai-compatible-extension": true
          }
        },
        "allOf": [
          {
            "if": {
              "type": "object",
              "properties": {
                "role": {
                  "const": "tool"
                }
              },
              "required": [
                "role"
              ]
            },
            "then": {
              "type": "object",
              "properties": {
                "tool_call_id": {
                  "type": "string"
                }
              },
              "required": [
                "tool_call_id"
              ]
            }
          },
          {
            "if": {
              "type": "object",
              "properties": {
                "role": {
                  "const": "assistant"
                },
                "tool_calls": {
                  "type": "array"
                }
              },
              "required": [
                "role",
                "tool_calls"
              ]
            },
            "else": {
              "type": "object",
              "properties": {
                "role": {
                  "$ref": "#/components/schemas/Role"
                },
                "content": {
                  "type": "string"
                },
                "tool_call_id": {
                  "type": "string"
                }
              }
            }
          }
        ]
      },
      "ToolCall": {
        "type": "object",
        "description": "OpenAI-compatible extension. One call of a tool, as the model asked for it.",
        "x-openai-compatible-extension": true,
        "required": [
          "id",
          "type",
          "function"
        ],
        "properties": {
          "id": {
            "description": "The call's id; the `tool` message with its result names it in `tool_call_id`.",
            "type": "string"
          },
          "type": {
            "description": "Always `function`.",
            "type": "string",
            "const": "function"
          },
          "function": {
            "description": "The function the model called.",
            "type": "object",
            "required": [
              "name",
              "arguments"
            ],
            "properties": {
              "name": {
                "description": "The name of the tool, one of the request's `tools`.",
                "type": "string"
              },
              "arguments": {
                "type": "string",
                "description": "The arguments as JSON text, which the model may have got wrong."
              }
            }
          }
        }
      },
      "Tool": {
        "type": "object",
        "description": "OpenAI-compatible extension. A function the model may call.",
        "x-openai-compatible-extension": true,
        "required": [
          "type",
          "function"
        ],
        "properties": {
          "type": {
            "description": "Always `function`.",
            "type": "string",
            "const": "function"
          },
          "function": {
            "description": "The function: its name, what it does and its arguments.",
            "type": "object",
            "required": [
              "name"
            ],
            "properties": {
              "name": {
                "type": "string",
                "pattern": "^[A-Za-z0-9_-]{1,64}$",
                "description": "Letters, digits, `_` and `-`, at most 64 characters."
              },
              "description": {
                "description": "What the function does, for the model to decide when to call it.",
                "type": "string"
              },
              "parameters": {
                "type": "object",
                "additionalProperties": true,
                "description": "A JSON Schema for the arguments (an object schema)."
              },
              "strict": {
                "description": "True asks the server to keep the arguments to `parameters` exactly.",
                "type": [
                  "boolean",
                  "null"
                ]
              }
            }
          }
        }
      },
      "ToolChoice": {
        "description": "OpenAI-compatible extension. `none` never calls a tool, `auto` lets the model choose,\n`required` makes it call one, and `{type: function, function: {name}}` that one.\n",
        "x-openai-compatible-extension": true,
        "anyOf": [
          {
            "type": "string",
            "enum": [
              "none",
              "auto",
              "required"
            ]
          },
          {
            "type": "object",
            "required": [
              "type",
              "function"
            ],
            "properties": {
              "type": {
                "description": "Always `function`.",
                "type": "string",
                "const": "function"
              },
              "function": {
                "description": "The tool to call.",
                "type": "object",
                "required": [
                  "name"
                ],
                "properties": {
                  "name": {
                    "description": "The name of one of the request's `tools`.",
                    "type": "string"
                  }
                }
              }
            }
          }
        ]
      },
      "ResponseFormat": {
        "description": "OpenAI-compatible extension. `text` (the default), `json_object` (some JSON object), or\n`json_schema` (JSON valid against `json_schema.schema`).\n",
        "x-openai-compatible-extension": true,
        "anyOf": [
          {
            "type": "object",
            "required": [
              "type"
            ],
            "properties": {
              "type": {
                "description": "`text` (the default) or `json_object`.",
                "type": "string",
                "enum": [
                  "text",
                  "json_object"
                ]
              }
            }
          },
          {
            "type": "object",
            "required": [
              "type",
              "json_schema"
            ],
            "properties": {
              "type": {
                "description": "`json_schema`: the content is JSON that fits `json_schema.schema`.",
                "type": "string",
                "const": "json_schema"
              },
              "json_schema": {
                "description": "The schema the content must fit, and its name.",
                "type": "object",
                "required": [
                  "name"
                ],
                "properties": {
                  "name": {
                    "description": "A name for the schema: letters, digits, `_` and `-`, at most 64 characters.",
                    "type": "string",
                    "pattern": "^[A-Za-z0-9_-]{1,64}$"
                  },
                  "description": {
                    "description": "What the schema describes, for the model.",
                    "type": "string"
                  },
                  "schema": {
                    "type": "object",
                    "additionalProperties": true,
                    "description": "The JSON Schema the content must fit."
                  },
                  "strict": {
                    "description": "True asks the server to keep the content to the schema exactly.",
                    "type": [
                      "boolean",
                      "null"
                    ]
                  }
                }
              }
            }
          }
        ]
      },
      "ChatCompletionRequest": {
        "type": "object",
        "description": "Chat completion request",
        "required": [
          "model",
          "messages"
        ],
        "properties": {
          "model": {
            "description": "The model to use: one of the documented ids, or any other id the server serves.",
            "$ref": "#/components/schemas/ModelId"
          },
          "messages": {
            "type": "array",
            "description": "The messages to complete, oldest first.",
            "minItems": 1,
            "items": {
              "$ref": "#/components/schemas/ChatMessage"
            }
          },
          "max_tokens": {
            "type": "integer",
            "minimum": 1,
            "description": "Maximum number of tokens to generate."
          },
          "temperature": {
            "type": "number",
            "minimum": 0,
            "maximum": 2,
            "description": "Sampling temperature (0.0 to 2.0)."
          },
          "stream": {
            "type": "boolean",
            "default": false,
            "description": "OpenAI-compatible extension, not on the published page: when true the answer is\na `text/event-stream` of `ChatCompletionChunk` events ended by `data: [DONE]`.\n",
            "x-openai-compatible-extension": true
          },
          "stream_options": {
            "description": "OpenAI-compatible extension. Options for a streamed answer.",
            "$ref": "#/components/schemas/StreamOptions"
          },
          "tools": {
            "type": "array",
            "description": "OpenAI-compatible extension. Functions the model may call.",
            "items": {
              "$ref": "#/components/schemas/Tool"
            },
            "x-openai-compatible-extension": true
          },
          "tool_choice": {
            "description": "OpenAI-compatible extension. Whether and which tool the model must call.",
            "$ref": "#/components/schemas/ToolChoice"
          },
          "parallel_tool_calls": {
            "type": "boolean",
            "description": "OpenAI-compatible extension. False asks for at most one call per answer.",
            "x-openai-compatible-extension": true
          },
          "response_format": {
            "description": "OpenAI-compatible extension. The shape the answer's content must take.",
            "$ref": "#/components/schemas/ResponseFormat"
          },
          "seed": {
            "type": "integer",
            "description": "OpenAI-compatible extension, not on the published page. Asks a server that supports\nit to sample the same way for the same seed and the same request; another seed gives\nanother answer (what a \"regenerate\" wants). Best effort: not every server keeps it.\n",
            "x-openai-compatible-extension": true
          }
        }
      },
      "StreamOptions": {
        "type": "object",
        "description": "OpenAI-compatible extension, not on the published page. Only meaningful with\n`stream: true`.\n",
        "x-openai-compatible-extension": true,
        "properties": {
          "include_usage": {
            "type": "boolean",
            "description": "When true, one more chunk is sent before `data: [DONE]` with empty `choices`\nand the `usage` of the whole request.\n"
          }
        }
      },
      "AssistantMessage": {
        "type": "object",
        "description": "The message the model wrote. With tool calls (an OpenAI-compatible extension) `content`\nmay be null.\n",
        "required": [
          "role",
          "content"
        ],
        "properties": {
          "role": {
            "description": "Always `assistant`.",
            "$ref": "#/components/schemas/Role"
          },
          "content": {
            "description": "The text of the answer; null when the model only called tools.",
            "type": [
              "string",
              "null"
            ]
          },
          "reasoning_content": {
            "description": "OpenAI-compatible extension, not on the published page: the reasoning a model wrote\nbefore its answer, apart from it (DeepSeek's name for it). Absent or null for a\nmodel that does not reason, or a server that puts the reasoning elsewhere.\n",
            "type": [
              "string",
              "null"
            ],
            "x-openai-compatible-extension": true
          },
          "reasoning": {
            "description": "OpenAI-compatible extension: the same reasoning, under the name some servers (vLLM,\nOpenRouter) give it. Clients read either.\n",
            "type": [
              "string",
              "null"
            ],
            "x-openai-compatible-extension": true
          },
          "tool_calls": {
            "description": "OpenAI-compatible extension. The tools the model called.",
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ToolCall"
            },
            "x-openai-compatible-extension": true
          }
        }
      },
      "FinishReason": {
        "description": "Why the model stopped: `stop` at a natural end, `length` when `max_tokens` was\nreached, `tool_calls` when it called tools (an OpenAI-compatible extension). The\npublished page types it as a plain string, so other values may appear.\n",
        "anyOf": [
          {
            "type": "string",
            "enum": [
              "stop",
              "length",
              "tool_calls"
            ]
          },
          {
            "type": "string"
          }
        ]
      },
      "ChatCompletionChoice": {
        "description": "One answer. There is one unless the request asked for more.",
        "type": "object",
        "required": [
          "index",
          "message",
          "finish_reason"
        ],
        "properties": {
          "index": {
            "description": "The position of this choice, from 0.",
            "type": "integer",
            "minimum": 0
          },
          "message": {
            "description": "The message the model wrote.",
            "$ref": "#/components/schemas/AssistantMessage"
          },
          "finish_reason": {
            "description": "Why the model stopped.",
            "$ref": "#/components/schemas/FinishReason"
          }
        }
      },
      "Usage": {
        "type": "object",
        "description": "Token counts for the request; `total_tokens` is the sum of the other two.",
        "required": [
          "prompt_tokens",
          "completion_tokens",
          "total_tokens"
        ],
        "properties": {
          "prompt_tokens": {
            "description": "Tokens in the request's messages.",
            "type": "integer",
            "minimum": 0
          },
          "completion_tokens": {
            "description": "Tokens in the answer.",
            "type": "integer",
            "minimum": 0
          },
          "total_tokens": {
            "description": "The sum of the two.",
            "type": "integer",
            "minimum": 0
          },
          "completion_tokens_details": {
            "description": "OpenAI-compatible extension. What the completion tokens were spent on.",
            "type": "object",
            "x-openai-compatible-extension": true,
            "properties": {
              "reasoning_tokens": {
                "description": "Of the completion tokens, those spent reasoning before the answer.",
                "type": "integer",
                "minimum": 0
              }
            }
          }
        }
      },
      "ChatCompletion": {
        "type": "object",
        "description": "Chat completion response",
        "required": [
          "id",
          "object",
          "created",
          "model",
          "choices"
        ],
        "properties": {
          "id": {
            "description": "The completion's id, e.g. `chatcmpl-…`.",
            "type": "string"
          },
          "object": {
            "description": "Always `chat.completion`.",
            "type": "string",
            "const": "chat.completion"
          },
          "created": {
            "type": "integer",
            "description": "Unix time in seconds."
          },
          "model": {
            "description": "The model that answered, which may name a version of the one asked for.",
            "type": "string"
          },
          "choices": {
            "description": "The answers; one unless more were asked for.",
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ChatCompletionChoice"
            }
          },
          "usage": {
            "description": "Token counts; some servers omit them.",
            "$ref": "#/components/schemas/Usage"
          }
        }
      },
      "ChatCompletionDelta": {
        "type": "object",
        "description": "What a chunk adds to the message. The first chunk carries the `role`, later ones\npieces of `content`, the last none.\n",
        "properties": {
          "role": {
            "description": "The author, on the first chunk only.",
            "$ref": "#/components/schemas/Role"
          },
          "content": {
            "description": "The next piece of the text, if any.",
            "type": [
              "string",
              "null"
            ]
          },
          "reasoning_content": {
            "description": "OpenAI-compatible extension, not on the published page: the next piece of the reasoning a\nmodel writes before its answer, apart from it (DeepSeek's name for it). Absent or null for a\nmodel that does not reason, or a server that puts the reasoning elsewhere.\n",
            "type": [
              "string",
              "null"
            ],
            "x-openai-compatible-extension": true
          },
          "reasoning": {
            "description": "OpenAI-compatible extension: the same reasoning, under the name some servers (vLLM,\nOpenRouter) give it. Clients read either.\n",
            "type": [
              "string",
              "null"
            ],
            "x-openai-compatible-extension": true
          },
          "tool_calls": {
            "type": "array",
            "description": "OpenAI-compatible extension. Pieces of tool calls: the first piece of a call has its\n`index`, `id`, `type` and `function.name`; later pieces with the same `index` add to\n`function.arguments`.\n",
            "x-openai-compatible-extension": true,
            "items": {
              "$ref": "#/components/schemas/ToolCallDelta"
            }
          }
        }
      },
      "ToolCallDelta": {
        "type": "object",
        "description": "OpenAI-compatible extension. A piece of a streamed tool call.",
        "x-openai-compatible-extension": true,
        "required": [
          "index"
        ],
        "properties": {
          "index": {
            "description": "Which call of the answer this piece belongs to.",
            "type": "integer",
            "minimum": 0
          },
          "id": {
            "description": "The call's id, on its first piece.",
            "type": "string"
          },
          "type": {
            "description": "Always `function`, on the call's first piece.",
            "type": "string",
            "const": "function"
          },
          "function": {
            "description": "The name (first piece) or a piece of the arguments.",
            "type": "object",
            "properties": {
              "name": {
                "description": "The tool's name, on the call's first piece.",
                "type": "string"
              },
              "arguments": {
                "description": "The next piece of the arguments' JSON text.",
                "type": "string"
              }
            }
          }
        }
      },
      "ChatCompletionChunkChoice": {
        "description": "The part of one choice that a chunk carries.",
        "type": "object",
        "required": [
          "index",
          "delta",
          "finish_reason"
        ],
        "properties": {
          "index": {
            "description": "Which choice this piece belongs to, from 0.",
            "type": "integer",
            "minimum": 0
          },
          "delta": {
            "description": "What this chunk adds to the message.",
            "$ref": "#/components/schemas/ChatCompletionDelta"
          },
          "finish_reason": {
            "description": "Null until the chunk that ends the choice.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/FinishReason"
              },
              {
                "type": "null"
              }
            ]
          }
        }
      },
      "ChatCompletionChunk": {
        "type": "object",
        "description": "One event of a streamed answer (OpenAI-compatible extension, not on the published\npage). All chunks of one answer share `id`, `created` and `model`.\n",
        "x-openai-compatible-extension": true,
        "required": [
          "id",
          "object",
          "created",
          "model",
          "choices"
        ],
        "properties": {
          "id": {
            "description": "The answer's id, the same on every chunk.",
            "type": "string"
          },
          "object": {
            "description": "Always `chat.completion.chunk`.",
            "type": "string",
            "const": "chat.completion.chunk"
          },
          "created": {
            "description": "Unix time in seconds, the same on every chunk.",
            "type": "integer"
          },
          "model": {
            "description": "The model that answers.",
            "type": "string"
          },
          "choices": {
            "description": "The pieces of each choice; empty on the usage chunk.",
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ChatCompletionChunkChoice"
            }
          },
          "usage": {
            "description": "Sent only on the last chunk, when `stream_options.include_usage` was set.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/Usage"
              },
              {
                "type": "null"
              }
            ]
          }
        }
      },
      "ChatCompletionStreamEvent": {
        "type": "object",
        "description": "One Server-Sent Event of a streamed answer (OpenAI-compatible extension, not on the\npublished page), modelled as the SSE media type is in OpenAPI: an object with the\nevent's fields. Each event's `data` is either a JSON `ChatCompletionChunk` or, on the\nlast event, the literal `[DONE]`. Tools that check streams event by event (OpenAPI\n3.2's `itemSchema`; in 3.1 the media type's `schema`) read this.\n",
        "x-openai-compatible-extension": true,
        "required": [
          "data"
        ],
        "properties": {
          "event": {
            "type": "string",
            "description": "Not sent by this API; an absent `event` means `message`."
          },
          "id": {
            "description": "The SSE event id; not sent by this API.",
            "type": "string"
          },
          "retry": {
            "description": "The SSE reconnection time in milliseconds; not sent by this API.",
            "type": "integer",
            "minimum": 0
          },
          "data": {
            "description": "A chunk as JSON, or `[DONE]` at the end.",
            "anyOf": [
              {
                "type": "string",
                "const": "[DONE]",
                "description": "The end of the stream."
              },
              {
                "type": "string",
                "description": "A `ChatCompletionChunk`, as JSON.",
                "contentMediaType": "application/json",
                "contentSchema": {
                  "$ref": "#/components/schemas/ChatCompletionChunk"
                }
              }
            ]
          }
        }
      },
      "Model": {
        "description": "A model the server serves.",
        "type": "object",
        "required": [
          "id",
          "object",
          "created",
          "owned_by"
        ],
        "properties": {
          "id": {
            "description": "The id to pass as `model`.",
            "type": "string"
          },
          "object": {
            "description": "Always `model`.",
            "type": "string",
            "const": "model"
          },
          "created": {
            "description": "Unix time in seconds when the model was added.",
            "type": "integer"
          },
          "owned_by": {
            "description": "Who serves or made the model.",
            "type": "string",
            "examples": [
              "comput3"
            ]
          }
        }
      },
      "ModelList": {
        "type": "object",
        "description": "OpenAI-compatible extension, not on the published page.",
        "x-openai-compatible-extension": true,
        "required": [
          "object",
          "data"
        ],
        "properties": {
          "object": {
            "description": "Always `list`.",
            "type": "string",
            "const": "list"
          },
          "data": {
            "description": "The models.",
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Model"
            }
          }
        }
      },
      "ErrorResponse": {
        "type": "object",
        "description": "The error body. The published page does not describe errors; this is the OpenAI\nwire format, which public clients of this API rely on.\n",
        "x-openai-compatible-extension": true,
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "description": "What went wrong.",
            "type": "object",
            "required": [
              "message",
              "type"
            ],
            "properties": {
              "message": {
                "type": "string",
                "description": "One readable sentence."
              },
              "type": {
                "type": "string",
                "description": "The kind of error, e.g. `invalid_request_error`, `rate_limit_error`, `server_error`."
              },
              "param": {
                "description": "The request field at fault, when there is one.",
                "type": [
                  "string",
                  "null"
                ]
              },
              "code": {
                "description": "A stable machine-readable code, e.g. `model_not_found`, `invalid_api_key`.",
                "type": [
                  "string",
                  "null"
                ]
              }
            }
          }
        }
      }
    }
  }
};
