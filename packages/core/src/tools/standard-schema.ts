import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec';
import { Comput3Error } from '../errors.js';

export type { StandardJSONSchemaV1, StandardSchemaV1 };

/** What a Standard Schema's `validate` returns: the value, or the issues found. */
export type StandardResult<Output> = StandardSchemaV1.Result<Output>;

/** A JSON Schema, as an object. */
export type JsonSchema = Record<string, unknown>;

/**
 * What a tool's parameters or a structured answer may be described with: a JSON Schema, or any
 * Standard Schema validator (zod 4, valibot, arktype, effect …). One that also implements
 * Standard JSON Schema (zod ≥ 4.2, arktype ≥ 2.1.28, valibot through `toStandardJsonSchema`)
 * gives the JSON Schema the model is sent; for one that does not (zod/mini, plain valibot), pass
 * `jsonSchema` beside it.
 */
export type SchemaLike<T = unknown> = JsonSchema | StandardSchemaV1<unknown, T>;

/**
 * A Standard Schema validator (anything else is taken for a JSON Schema). An object, or a
 * function: arktype's types are callable.
 */
export const isStandard = (s: unknown): s is StandardSchemaV1 =>
  ((typeof s === 'object' && s !== null) || typeof s === 'function') &&
  typeof (s as Partial<StandardSchemaV1>)['~standard']?.validate === 'function';

/**
 * The JSON Schema to send for `schema`: `given` when there is one; a JSON Schema as it is; a
 * validator's own, of its input (what the model writes is what the validator reads: with a
 * transform or a default, its output differs); else undefined.
 */
export function jsonSchemaOf(schema: SchemaLike, given?: JsonSchema): JsonSchema | undefined {
  if (given) return given;
  if (!isStandard(schema)) return schema;
  const converter = (schema['~standard'] as Partial<StandardJSONSchemaV1.Props>).jsonSchema;
  if (!converter) return undefined;
  try {
    return converter.input({ target: 'draft-2020-12' });
  } catch (error) {
    // A validator may refuse to convert (a transform, a custom check): say which and how to go on.
    throw new Comput3Error(
      `The ${schema['~standard'].vendor} schema cannot give a JSON Schema (${(error as Error).message}): pass jsonSchema beside it.`,
    );
  }
}

/** `$.items[0].name`: where an issue is, from its path. */
export function pathOf(path: StandardSchemaV1.Issue['path']): string {
  let at = '$';
  for (const segment of path ?? []) {
    const key = typeof segment === 'object' ? segment.key : segment;
    at += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  }
  return at;
}

/** Checks `value` with a validator: its typed value, or each issue as `$.path: message`. */
export async function validateWith<T>(
  schema: StandardSchemaV1<unknown, T>,
  value: unknown,
): Promise<{ value: T; issues?: undefined } | { issues: string[] }> {
  const result = await schema['~standard'].validate(value);
  if (!result.issues) return { value: result.value };
  return { issues: result.issues.map((i) => `${pathOf(i.path)}: ${i.message}`) };
}
