/**
 * This file was generated from openapi/comput3.yaml by packages/api/scripts/generate.mjs.
 * Do not edit it by hand: change the spec and run `pnpm generate`.
 */
/** The model ids the spec documents (components.schemas.KnownModelId), in the spec's order. */
export const KNOWN_MODELS = [
  "hermes4:70b",
  "hermes4:405b",
  "deepseek-v3.1",
  "kimi-k2",
  "qwen3-coder:480b",
  "qwen3-max",
  "grok-code-fast-1",
  "claude-sonnet-4"
] as const;

/** The message roles (components.schemas.Role). */
export const ROLES = ["system","user","assistant","tool"] as const;

/** The production base URL (servers[0].url). */
export const DEFAULT_BASE_URL = "https://api.comput3.ai/v1";

/** The spec's info.version. */
export const SPEC_VERSION = "1.0.0";

/**
 * Every operation of the spec: `"METHOD /path"` → [operationId, the status of its success, the
 * schema of its JSON request body or 0 when it takes none]. The SDK's generic `request()` and
 * the mock's router read it.
 */
export const OPERATIONS: { readonly [route: string]: readonly [id: string, status: number, body: string | 0] } = {"POST /chat/completions":["createChatCompletion",200,"ChatCompletionRequest"],"GET /models":["listModels",200,0]};

/**
 * Each request body schema (by name) as compact rules, for checking a request before it is
 * sent (`@comput3/core`'s validate.ts reads them): t types (s string, i integer, n number,
 * b boolean, o object, a array, z null), e allowed values, g/l least/greatest, m least length
 * or items, p properties, r required, i items, h an example. Two levels deep; what rules do
 * not say (deeper fields, patterns, conditions between fields) is the server's to check.
 */
export const REQUEST_RULES: { readonly [schema: string]: Rule } = {"ChatCompletionRequest":{"t":"o","p":{"model":{"t":"s","m":1,"h":"hermes4:70b"},"messages":{"t":"a","m":1,"i":{"t":"o","p":{"role":{"t":"s","e":["system","user","assistant","tool"]},"content":{"t":"sz"},"tool_calls":{"t":"a","m":1},"tool_call_id":{"t":"s","m":1}},"r":["role","content"]}},"max_tokens":{"t":"i","g":1},"temperature":{"t":"n","g":0,"l":2},"stream":{"t":"b"},"stream_options":{"t":"o","p":{"include_usage":{"t":"b"}}},"tools":{"t":"a","i":{"t":"o","p":{"type":{"t":"s","e":["function"]},"function":{"t":"o"}},"r":["type","function"]}},"tool_choice":{"t":"so"},"parallel_tool_calls":{"t":"b"},"response_format":{"t":"o"},"seed":{"t":"i"}},"r":["model","messages"]}};

/** One node of {@link REQUEST_RULES}. */
export interface Rule {
  /** The types allowed, one letter each: s string, i integer, n number, b boolean, o object, a array, z null. */
  readonly t?: string;
  /** The values allowed (`enum`, `const`). */
  readonly e?: readonly unknown[];
  /** The least number allowed (`minimum`). */
  readonly g?: number;
  /** The greatest number allowed (`maximum`). */
  readonly l?: number;
  /** The least length of a string, or number of items of an array (`minLength`, `minItems`). */
  readonly m?: number;
  /** The rules of an object's fields (`properties`). */
  readonly p?: { readonly [field: string]: Rule };
  /** The fields an object must have (`required`). */
  readonly r?: readonly string[];
  /** The rule of an array's items (`items`). */
  readonly i?: Rule;
  /** An example of a valid value, shown when an open enum is given a bad one. */
  readonly h?: string;
}
