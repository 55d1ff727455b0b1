import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { spec } from '@comput3/api/spec';

/**
 * Validators compiled from the spec itself (never re-typed here), so the mock accepts exactly
 * what openapi/comput3.yaml says. The whole document is registered and schemas are addressed by
 * JSON pointer, which keeps every `$ref` in the spec working as written.
 * `strictSchema` is off because an OpenAPI document carries keys (`openapi`, `paths`, `x-…`)
 * that are not JSON Schema keywords.
 */
const ajv = new Ajv2020({ strictSchema: false, allErrors: false });
ajv.addSchema(spec, 'comput3');

const cache = new Map<string, ValidateFunction>();

/** The validator for `#/components/schemas/<name>`, or for any JSON pointer into the spec. */
export function validatorFor(pointer: string): ValidateFunction {
  const ref = pointer.startsWith('#') ? pointer : `#/components/schemas/${pointer}`;
  let validate = cache.get(ref);
  if (!validate) {
    validate = ajv.getSchema(`comput3${ref}`);
    if (!validate) throw new Error(`No schema at ${ref} in openapi/comput3.yaml`);
    cache.set(ref, validate);
  }
  return validate;
}

export interface FieldProblem {
  /** The field at fault, as `messages[0].role`; null for the body as a whole. */
  param: string | null;
  /** One sentence that names the field and says what it must be. */
  message: string;
}

/** `/messages/0/role` → `messages[0].role` */
function fieldName(instancePath: string, missing?: string): string | null {
  const parts = instancePath.split('/').slice(1);
  if (missing !== undefined) parts.push(missing);
  let name = '';
  for (const part of parts) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    name += /^\d+$/.test(key) ? `[${key}]` : name ? `.${key}` : key;
  }
  return name || null;
}

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'type':
      return `must be ${p.type === 'integer' ? 'an integer' : `a ${String(p.type)}`}`;
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(p.comparison)} ${String(p.limit)}`;
    case 'minItems':
      return `must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters`;
    default:
      return error.message ?? 'is invalid';
  }
}

/**
 * Turns ajv's errors into the one problem worth reporting. For an "open enum" (`anyOf` of known
 * values and any string, as `model` is) the last branch is the general one, so its error is the
 * one that tells the caller what is really wrong.
 */
export function firstProblem(errors: ErrorObject[] | null | undefined): FieldProblem {
  if (!errors || errors.length === 0)
    return { param: null, message: 'The request body is invalid.' };
  let chosen = errors[0]!;
  const combinator = errors.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (combinator) {
    const branchErrors = errors.filter(
      (e) => e !== combinator && e.instancePath === combinator.instancePath,
    );
    chosen = branchErrors.at(-1) ?? combinator;
  }
  const missing = chosen.keyword === 'required' ? String(chosen.params.missingProperty) : undefined;
  const param = fieldName(chosen.instancePath, missing);
  const subject = param ?? 'The request body';
  return { param, message: `${subject} ${describe(chosen)}.` };
}
