import type { Rule } from '@comput3/api/constants';
import { spec } from '@comput3/api/spec';
import { expect, test } from 'vitest';
import { ANSWER_RULES } from '../../src/internal/shape.js';

type Schema = {
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
};

const resolve = (schema: Schema): Schema => {
  let node = schema;
  while (node.$ref) {
    const name = node.$ref.split('/').pop()!;
    node = (spec as any).components.schemas[name];
  }
  return node;
};

/** Every field a hand-written answer check names that the spec's schema does not have. */
function missing(rule: Rule, schema: Schema, path: string): string[] {
  const s = resolve(schema);
  const branches = (s.anyOf ?? s.oneOf)?.map(resolve) ?? [s];
  const out: string[] = [];
  for (const [key, child] of Object.entries(rule.p ?? {})) {
    const found = branches.map((b) => b.properties?.[key]).find(Boolean);
    if (!found) out.push(`${path}.${key}`);
    else out.push(...missing(child, found, `${path}.${key}`));
  }
  if (rule.i) {
    const items = branches.map((b) => b.items).find(Boolean);
    if (!items) out.push(`${path}[]`);
    else out.push(...missing(rule.i, items, `${path}[]`));
  }
  return out;
}

// The answer checks in src/shape.ts are written by hand (looser than the spec, on purpose), so
// nothing regenerates them: a field the spec renames or drops must fail here, by name.
test.each(Object.entries(ANSWER_RULES))('src/shape.ts checks only fields of %s', (name, rule) => {
  const gone = missing(rule, { $ref: `#/components/schemas/${name}` }, name);
  expect(
    gone,
    `packages/core/src/internal/shape.ts checks ${gone.join(', ')}, which the spec no longer has: change the check with the spec`,
  ).toEqual([]);
});
