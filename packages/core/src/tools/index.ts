/**
 * `@comput3/core/tools`: the tool runner and structured output. A subpath of its own, so that
 * an app that only chats does not ship it: the main entry stays within its size budget.
 *
 * @module tools
 */
export {
  runTools,
  ToolRun,
  ToolRunError,
  type RunnableTool,
  type RunToolsParams,
  type ToolRunResult,
  type ToolRunStep,
} from './run-tools.js';
export {
  parse,
  ParseError,
  type JsonSchema,
  type ParsedCompletion,
  type ParseParams,
  type StandardSchemaV1,
  type StandardResult,
} from './parse.js';
export { checkJson, type Schema } from './check-json.js';
export { validateTools } from './validate-tools.js';
