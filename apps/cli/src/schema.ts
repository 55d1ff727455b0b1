import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { CliError } from './cli-error.js';

/**
 * What --schema names: a JSON Schema (the JSON, or a .json file of it), or a JavaScript module
 * (.js, .mjs, .cjs) whose default export (or `schema` export) is a Standard Schema validator
 * (zod, valibot, arktype …) or a JSON Schema object.
 */
export type SchemaSource = { json: Record<string, unknown> } | { module: string };

/** A module's path, told apart from JSON text and JSON files by its extension. */
export const isModulePath = (value: string) => /\.[cm]?js$/i.test(value.trim());

/** A schema ready for `parse`: a JSON Schema object, or a validator. */
export type LoadedSchema = Record<string, unknown>;

/** The schema --schema names, a module's loaded (before anything is sent). */
export const loadSchema = async (source: SchemaSource | undefined) =>
  source && ('module' in source ? loadSchemaModule(source.module) : source.json);

/** The schema a module exports. */
async function loadSchemaModule(path: string): Promise<LoadedSchema> {
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (error) {
    // The module's own message (a file not found, a syntax error, a missing package), one line.
    const why = ((error as Error).message ?? String(error)).split('\n')[0];
    throw new CliError(`--schema ${path} could not be loaded: ${why}`);
  }
  const schema = loaded.default ?? loaded.schema;
  const isValidator =
    (typeof schema === 'object' || typeof schema === 'function') &&
    schema !== null &&
    typeof (schema as { '~standard'?: { validate?: unknown } })['~standard']?.validate ===
      'function';
  if (!isValidator && (typeof schema !== 'object' || schema === null || Array.isArray(schema))) {
    throw new CliError(
      `--schema ${path} exports no schema: export default a zod, valibot or arktype schema, or a JSON Schema object.`,
    );
  }
  return schema as Record<string, unknown>;
}
