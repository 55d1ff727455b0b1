import { spec } from '@comput3/api/spec';
import { validatorFor } from './validation.js';

/**
 * The shapes of the mock's answers, read from the spec. The hand-written replies (chat.ts,
 * the model list) say what only a model-like server knows (the text, the tokens, the tool
 * calls); every other field comes from here, so a field the spec gains is sent the day the
 * spec is regenerated, and a field it renames is sent under its new name:
 * - `sample(schema)`: a value for any schema: its `const`, `default`, first `examples` or
 *   `enum` entry, else a placeholder of its type, with every required property.
 * - `complete(name, value)`: adds to a hand-written answer what the schema requires and it
 *   lacks (at any depth), and the optional plain fields (strings, numbers, booleans) of its
 *   top level. Optional objects and arrays are left out: `tool_calls: []` or a `usage` the
 *   client did not ask for would change what the answer means.
 * - `checkAnswer(name, value)`: the answer against its schema; a mock that would send what
 *   the spec does not allow throws (a 500 in the server, a failing test), never sends it.
 */

type Schema = {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  minLength?: number;
  minItems?: number;
};

/** The schema a `$ref` (or a schema name) points at, with every `$ref` on the way followed. */
function resolve(schema: Schema | string): Schema {
  let node: Schema =
    typeof schema === 'string' ? { $ref: `#/components/schemas/${schema}` } : schema;
  for (let hops = 0; node.$ref && hops < 32; hops++) {
    let target: unknown = spec;
    for (const part of node.$ref.slice(2).split('/')) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      target =
        target && typeof target === 'object' && Object.hasOwn(target, key)
          ? (target as Record<string, unknown>)[key]
          : undefined;
    }
    if (!target) throw new Error(`openapi/comput3.yaml has no ${node.$ref}`);
    const { $ref: _, ...rest } = node;
    node = { ...(target as Schema), ...rest };
  }
  return node;
}

/** The schema at a JSON pointer into the spec (`#/paths/~1models/get/…`), or undefined. */
export function resolvePointer(pointer: string): Schema | undefined {
  try {
    return resolve({ $ref: pointer });
  } catch {
    return undefined;
  }
}

/** A value valid against `schema`: what a server would send where a hand-written reply says nothing. */
export function sample(schema: Schema | string, name = 'value', depth = 0): unknown {
  const s = resolve(schema);
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  if (s.examples?.length) return s.examples[0];
  if (s.enum?.length) return s.enum[0];
  const branches = s.anyOf ?? s.oneOf;
  if (branches?.length) return sample(branches[0]!, name, depth);
  const type = [s.type ?? 'object'].flat().find((t) => t !== 'null') ?? 'null';
  switch (type) {
    case 'string':
      return `mock-${name}`.padEnd(s.minLength ?? 0, '-');
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 0, 0);
    case 'boolean':
      return false;
    case 'array':
      return depth > 8 || !s.items || !s.minItems
        ? []
        : Array.from({ length: s.minItems }, () => sample(s.items!, name, depth + 1));
    case 'null':
      return null;
    default: {
      const value: Record<string, unknown> = {};
      if (depth > 8) return value;
      for (const key of s.required ?? [])
        value[key] = sample(s.properties?.[key] ?? {}, key, depth + 1);
      return value;
    }
  }
}

const isPlain = (s: Schema) =>
  [s.type ?? []]
    .flat()
    .some((t) => t === 'string' || t === 'integer' || t === 'number' || t === 'boolean');

/** Adds the required properties `value` lacks, at any depth; with `top`, its optional plain ones too. */
function fill(schema: Schema, value: unknown, top: boolean, depth: number): void {
  const s = resolve(schema);
  if (depth > 8 || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    if (s.items) for (const item of value) fill(s.items, item, false, depth + 1);
    return;
  }
  const object = value as Record<string, unknown>;
  const required = new Set(s.required);
  for (const [key, property] of Object.entries(s.properties ?? {})) {
    if (Object.hasOwn(object, key)) fill(property, object[key], false, depth + 1);
    else if (required.has(key) || (top && isPlain(resolve(property))))
      object[key] = sample(property, key, depth + 1);
  }
}

/** `value` with what the spec's schema `name` requires or offers at its top level added (see above). */
export function complete<T>(name: string, value: T): T {
  fill(resolve(name), value, true, 0);
  return value;
}

/**
 * The top-level fields that `complete()` would add to an answer that has `present`, as JSON
 * text to splice into a hand-built object (`"system_fingerprint":"mock-…",`), or ''. For the
 * stream's chunks, which are written as text, once per answer.
 */
export function extraFields(name: string, present: readonly string[]): string {
  const base = Object.fromEntries(present.map((key) => [key, null]));
  const added = Object.entries(complete(name, base)).filter(([key]) => !present.includes(key));
  return added.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)},`).join('');
}

/** Throws when `value` is not what the spec's schema `name` allows: the mock never sends it. */
export function checkAnswer(name: string, value: unknown): void {
  const validate = validatorFor(name);
  if (validate(value)) return;
  const [error] = validate.errors ?? [];
  throw new Error(
    `The mock's answer is not a valid ${name} (openapi/comput3.yaml): ${error?.instancePath || '(the answer)'} ${error?.message ?? ''}. Fix its reply to match the spec.`,
  );
}
