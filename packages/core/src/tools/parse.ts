import type { ChatCompletion } from '@comput3/api';
import type { ChatCompletionResult } from '../metrics.js';
import type { ChatCompletionCreateParamsNonStreaming, Comput3 } from '../client.js';
import { Comput3Error } from '../errors.js';
import type { RequestOptions } from '../request.js';
import { checkJson } from './check-json.js';
import { validateTools } from './validate-tools.js';

/**
 * The Standard Schema interface (standardschema.dev), which zod, valibot and arktype
 * implement: declared here so that no validator is a dependency.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
    /** Standard JSON Schema (zod ≥ 4.2 and others): the schema to send to the model. */
    readonly jsonSchema?: {
      readonly output?: (options: { target: string }) => Record<string, unknown>;
    };
  };
}
type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | {
      readonly issues: ReadonlyArray<{
        readonly message: string;
        readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
      }>;
    };

export type JsonSchema = Record<string, unknown>;

export type ParseParams<T> = Omit<
  ChatCompletionCreateParamsNonStreaming,
  'response_format' | 'stream'
> & {
  /** What the answer must be: a JSON Schema, or any Standard Schema validator. */
  schema: JsonSchema | StandardSchemaV1<unknown, T>;
  /** The JSON Schema sent to the model, when `schema` is a validator that cannot give one. */
  jsonSchema?: JsonSchema;
  /** The schema's name for the API (letters, digits, _ and -). Default "response". */
  name?: string;
};

export interface ParsedCompletion<T> {
  parsed: T;
  /** The answer as the model wrote it. */
  content: string;
  /** The API's answer, with the call's figures (`completion.metrics`). */
  completion: ChatCompletionResult;
}

/** The answer did not parse as JSON, or did not fit the schema. `raw` is what the model wrote. */
export class ParseError extends Comput3Error {
  override name = 'ParseError';
  constructor(
    message: string,
    readonly raw: string,
    readonly issues: readonly string[],
  ) {
    super(message);
  }
}

const isStandard = (s: unknown): s is StandardSchemaV1 =>
  typeof s === 'object' && s !== null && '~standard' in s;

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
  const sent = isStandard(schema)
    ? (jsonSchema ?? schema['~standard'].jsonSchema?.output?.({ target: 'draft-2020-12' }))
    : schema;
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
    const result = await schema['~standard'].validate(value);
    issues = (result.issues ?? []).map((i) => {
      const path = (i.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
      return `${path ? `$.${path}` : '$'}: ${i.message}`;
    });
    if (!result.issues) parsed = result.value as T;
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
