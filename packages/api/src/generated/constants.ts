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
