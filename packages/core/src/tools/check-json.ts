/**
 * A small JSON Schema checker for `parse()`'s plain schemas: the keywords structured output
 * uses (type, enum, const, properties, required, additionalProperties, items, min/max,
 * lengths, pattern, anyOf/oneOf/allOf, local $ref). Hand-written because a full validator
 * (ajv: ~35 kB gzipped) would dwarf the SDK's 10 kB budget; anything it does not know it lets
 * pass, so it never rejects valid output. For stricter checks, pass a Standard Schema validator.
 */
/** A JSON Schema, or `true` / `false` (anything / nothing). */
export type Schema = Record<string, unknown> | boolean;

const typeOf = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;

/** The problems of `value` against `schema`, as "path: what is wrong"; empty when valid. */
export function checkJson(
  value: unknown,
  schema: Schema,
  root: Schema = schema,
  path = '$',
): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: is not allowed`];
  const s = schema;
  const issues: string[] = [];
  const say = (what: string) => issues.push(`${path}: ${what}`);
  if (typeof s.$ref === 'string' && s.$ref.startsWith('#/')) {
    let target: unknown = root;
    for (const part of s.$ref.slice(2).split('/'))
      target = (target as Record<string, unknown>)?.[part];
    if (target !== undefined) issues.push(...checkJson(value, target as Schema, root, path));
  }
  const type = typeOf(value);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => t === type || (t === 'number' && type === 'integer'))) {
      say(`must be ${types.join(' or ')}, got ${type}`);
      return issues;
    }
  }
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(value))
    say(`must be ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    say(`must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  }
  const num = (k: string) => (typeof s[k] === 'number' ? s[k] : undefined);
  if (typeof value === 'number') {
    const [min, max, xmin, xmax] = [
      'minimum',
      'maximum',
      'exclusiveMinimum',
      'exclusiveMaximum',
    ].map(num);
    if ((min !== undefined && value < min) || (xmin !== undefined && value <= xmin))
      say(`is below the minimum`);
    if ((max !== undefined && value > max) || (xmax !== undefined && value >= xmax))
      say(`is above the maximum`);
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (length < (num('minLength') ?? 0)) say(`is shorter than ${num('minLength')} characters`);
    if (length > (num('maxLength') ?? Infinity))
      say(`is longer than ${num('maxLength')} characters`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value))
      say(`does not match ${s.pattern}`);
  }
  if (Array.isArray(value)) {
    if (value.length < (num('minItems') ?? 0)) say(`must have at least ${num('minItems')} items`);
    if (value.length > (num('maxItems') ?? Infinity))
      say(`must have at most ${num('maxItems')} items`);
    if (s.items !== undefined && typeof s.items !== 'undefined') {
      value.forEach((item, i) =>
        issues.push(...checkJson(item, s.items as Schema, root, `${path}[${i}]`)),
      );
    }
  }
  if (type === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    // Own properties only, on both sides: `key in` reads the prototype, so a model's
    // `"__proto__"`, `"constructor"` or `"toString"` would pass as declared (or required).
    for (const key of Array.isArray(s.required) ? s.required : []) {
      if (!Object.hasOwn(object, key)) say(`is missing "${String(key)}"`);
    }
    for (const [key, item] of Object.entries(object)) {
      if (Object.hasOwn(properties, key))
        issues.push(...checkJson(item, properties[key]!, root, `${path}.${key}`));
      else if (s.additionalProperties === false) say(`has "${key}", which is not allowed`);
      else if (typeof s.additionalProperties === 'object') {
        issues.push(...checkJson(item, s.additionalProperties as Schema, root, `${path}.${key}`));
      }
    }
  }
  if (Array.isArray(s.allOf))
    for (const sub of s.allOf) issues.push(...checkJson(value, sub, root, path));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = s[key];
    if (
      Array.isArray(branches) &&
      !branches.some((b) => checkJson(value, b, root, path).length === 0)
    ) {
      say(`matches none of the ${key} choices`);
    }
  }
  return issues;
}
