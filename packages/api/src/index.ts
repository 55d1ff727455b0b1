/**
 * `@comput3/api`: the types generated from the spec, its constants, and a typed openapi-fetch
 * client.
 *
 * @module main
 */
export {
  createApiClient,
  type ApiClient,
  type ApiClientOptions,
  type OpenEnumsAsString,
  type RawPaths,
} from './client.js';
export {
  DEFAULT_BASE_URL,
  KNOWN_MODELS,
  OPERATIONS,
  REQUEST_RULES,
  ROLES,
  SPEC_VERSION,
  type Rule,
} from './generated/constants.js';

// Every schema of the spec by name (`ChatCompletion`, `Model`, …), each documented from the
// spec, and openapi-typescript's `paths`, `operations` and `components`: all generated, so a
// schema added to the spec is exported the day it is generated (no list to keep by hand).
export type * from './generated/schema.js';
