import type { ChatCompletionResult } from '../metrics.js';
import type { ChatCompletionCreateParamsNonStreaming, Comput3 } from '../client.js';
import { Comput3Error } from '../errors.js';
import type { RequestOptions } from '../request.js';
import { checkJson } from './check-json.js';
import { validateTools } from './validate-tools.js';
import {
  isStandard,
  jsonSchemaOf,
  validateWith,
  type JsonSchema,
  type SchemaLike,
} from './standard-schema.js';

/** The options of {@link parse}: a chat request without `response_format`, and the schema the answer must fit. */
export type ParseParams<T> = Omit<
  ChatCompletionCreateParamsNonStreaming,
  'response_format' | 'stream'
> & {
  /** What the answer must be: a JSON Schema, or any Standard Schema validator (see SchemaLike). */
  schema: SchemaLike<T>;
  /** The JSON Schema sent to the model, when `schema` is a validator that cannot give one. */
  jsonSchema?: JsonSchema;
  /** The schema's name for the API (letters, digits, _ and -). Default "response". */
  name?: string;
};

/** What {@link parse} resolves with. */
export interface ParsedCompletion<T> {
  /** The answer, parsed and checked against the schema. */
  parsed: T;
  /** The answer as the model wrote it. */
  content: string;
  /** The API's answer, with the call's figures (`completion.metrics`). */
  completion: ChatCompletionResult;
}

/** The answer did not parse as JSON, or did not fit the schema. `raw` is what the model wrote. */
export class ParseError extends Comput3Error {
  /** `'ParseError'`, which survives minifiers that rename classes. */
  override name = 'ParseError';
  constructor(
    message: string,
    /** The answer's text as the model wrote it. */
    readonly raw: string,
    /** What did not fit the schema, as "path: what is wrong"; empty when the text was not JSON. */
    readonly issues: readonly string[],
  ) {
    super(message);
  }
}

/**
 * Structured output: asks for JSON that fits `schema` (as `response_format: json_schema`, or
 * `json_object` when no JSON Schema is known), then parses the answer and checks it with the
 * schema. Resolves with the parsed value; rejects with `ParseError` holding the raw text.
 */
export async function parse<T = unknown>(
  client: Comput3,
  params: ParseParams<T>,
  options?: RequestOptions,
): Promise<ParsedCompletion<T>> {
  const { schema, jsonSchema, name = 'response', ...rest } = params;
  // No JSON Schema known (a validator that cannot give one): JSON is asked for, and checked.
  const sent = jsonSchemaOf(schema, jsonSchema);
  const request = {
    ...rest,
    response_format: sent
      ? { type: 'json_schema' as const, json_schema: { name, schema: sent, strict: true } }
      : { type: 'json_object' as const },
  };
  validateTools(request);
  const completion = await client.chat.completions.create(request, options);
  const content = completion.choices[0]?.message.content ?? '';
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (error) {
    throw new ParseError(
      `The answer is not JSON (${(error as Error).message}): see the error's raw text.`,
      content,
      ['$: is not JSON'],
    );
  }
  let issues: string[];
  let parsed = value as T;
  if (isStandard(schema)) {
    const result = await validateWith(schema, value);
    issues = result.issues ?? [];
    if (!result.issues) parsed = result.value;
  } else {
    issues = checkJson(value, schema);
  }
  if (issues.length) {
    throw new ParseError(
      `The answer does not fit the schema: ${issues.slice(0, 3).join('; ')}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}.`,
      content,
      issues,
    );
  }
  return { parsed, content, completion };
}
