/**
 * `@comput3/core/tools`: the tool runner and structured output. A subpath of its own, so that
 * an app that only chats does not ship it: the main entry stays within its size budget.
 *
 * @module tools
 */
export { tool, type RunnableTool } from './tool.js';
export {
  runTools,
  ToolRun,
  ToolRunError,
  type RunToolsParams,
  type ToolRunResult,
  type ToolRunStep,
} from './run-tools.js';
export { parse, ParseError, type ParsedCompletion, type ParseParams } from './parse.js';
export type {
  JsonSchema,
  SchemaLike,
  StandardJSONSchemaV1,
  StandardResult,
  StandardSchemaV1,
} from './standard-schema.js';
export { checkJson, type Schema } from './check-json.js';
export { validateTools } from './validate-tools.js';
