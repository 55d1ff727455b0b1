import type { Tool, ToolCall } from '@comput3/api';
import { Comput3Error } from '../errors.js';
import {
  isStandard,
  jsonSchemaOf,
  validateWith,
  type JsonSchema,
  type SchemaLike,
  type StandardSchemaV1,
} from './standard-schema.js';

/** A function the model may call, with the code that runs it. */
export interface RunnableTool<Args = any> {
  /** The tool's name as the model calls it: letters, digits, `_` and `-`, at most 64. */
  name: string;
  /** What the tool does, for the model to decide when to call it. */
  description?: string;
  /**
   * The arguments: a JSON Schema (an object schema), or a Standard Schema validator (zod,
   * valibot, arktype …). A validator checks each call's arguments before `run` sees them, and
   * `run` gets its output; arguments that do not fit go back to the model as an error naming
   * the path, so it can correct them.
   */
  parameters?: SchemaLike<Args>;
  /** The JSON Schema sent for the parameters, when they are a validator that cannot give one. */
  jsonSchema?: JsonSchema;
  /** Runs the call; a string goes back to the model as is, anything else as JSON. */
  run: (args: Args, context: { call: ToolCall; signal: AbortSignal | undefined }) => unknown;
}

/**
 * A tool, typed by its parameters: `run`'s arguments are the validator's output.
 *
 * @example
 * ```ts
 * const weather = tool({
 *   name: 'get_weather',
 *   parameters: z.object({ city: z.string() }),
 *   run: ({ city }) => lookUp(city), // city: string
 * });
 * ```
 */
export const tool = <Args>(definition: RunnableTool<Args>): RunnableTool<Args> => definition;

/** The definition the API is sent for a tool: its name, description and JSON Schema. */
export function definitionOf(t: RunnableTool): Tool {
  const parameters = t.parameters && jsonSchemaOf(t.parameters, t.jsonSchema);
  if (t.parameters && !parameters) {
    throw new Comput3Error(
      `Tool "${t.name}": its ${(t.parameters as StandardSchemaV1)['~standard'].vendor} parameters give no JSON Schema to send the model: pass jsonSchema beside them (zod/mini: toJSONSchema from zod/v4/core; valibot: toStandardJsonSchema from @valibot/to-json-schema).`,
    );
  }
  return {
    type: 'function',
    function: {
      name: t.name,
      ...(t.description !== undefined ? { description: t.description } : {}),
      ...(parameters ? { parameters } : {}),
    },
  };
}

/**
 * One call of a tool, and what goes back to the model: its result as text, or `Error: …` for an
 * unknown tool, arguments that are not JSON or do not fit the parameters, or a `run` that throws.
 */
export async function callTool(
  byName: Map<string, RunnableTool>,
  call: ToolCall,
  signal: AbortSignal | undefined,
): Promise<{ content: string; error?: string }> {
  const failed = (error: string) => ({ content: `Error: ${error}`, error });
  const tool = byName.get(call.function.name);
  if (!tool) {
    return failed(
      `there is no tool named "${call.function.name}"; the tools are ${[...byName.keys()].join(', ')}.`,
    );
  }
  let args: unknown;
  try {
    args = call.function.arguments.trim() ? JSON.parse(call.function.arguments) : {};
  } catch (error) {
    return failed(`the arguments are not valid JSON (${(error as Error).message}).`);
  }
  if (isStandard(tool.parameters)) {
    const checked = await validateWith(tool.parameters, args);
    if (checked.issues) {
      const { issues } = checked;
      return failed(
        `the arguments do not fit the tool's parameters: ${issues.slice(0, 5).join('; ')}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}.`,
      );
    }
    args = checked.value;
  }
  try {
    const out = await tool.run(args, { call, signal });
    return { content: typeof out === 'string' ? out : (JSON.stringify(out) ?? '') };
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  }
}
