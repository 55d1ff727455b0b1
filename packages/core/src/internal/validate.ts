import { REQUEST_RULES, type Rule } from '@comput3/api/constants';
import { Comput3ValidationError } from '../errors.js';
import { cut } from './secrets.js';

// Checks a request against the rules `pnpm generate` writes from the spec (REQUEST_RULES in
// @comput3/api), before anything is sent, so a mistake costs no round trip (and no money) and
// the error names the field. The rules restate the spec; nothing here restates a rule, so a
// field added to the spec is checked the day it is generated. A reader of rules is written by
// hand, rather than a JSON Schema validator bundled, because the main entry has a 10 kB budget.

export const fail = (field: string, problem: string, got?: unknown): never => {
  const shown = got === undefined ? '' : `, got ${describe(got)}`;
  throw new Comput3ValidationError(field, `${field} ${problem}${shown}.`);
};

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(cut(value, String, 40));
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// What each of the rules' type codes accepts, and its name in a message.
const TYPES: Record<string, [name: string, accepts: (value: unknown) => boolean]> = {
  s: ['a string', (v) => typeof v === 'string'],
  i: ['an integer', Number.isInteger],
  n: ['a number', Number.isFinite],
  b: ['a boolean', (v) => typeof v === 'boolean'],
  o: ['an object', isObject],
  a: ['an array', Array.isArray],
  z: ['null', (v) => v === null],
};

/** What a value of this rule must be, in words: "a number from 0 to 2", "a non-empty string". */
function expected({ t = '', g, l, m, r, h }: Rule): string {
  let words = [...t].map((code) => TYPES[code]![0]).join(' or ');
  if (m && t === 's') words = 'a non-empty string';
  if (r && t === 'o') words += ` with ${r.join(' and ')}`;
  if (g !== undefined) words += l === undefined ? ` of at least ${g}` : ` from ${g} to ${l}`;
  else if (l !== undefined) words += ` of at most ${l}`;
  return h ? `${words} such as "${h}"` : words;
}

const at = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * Throws a Comput3ValidationError for the first field of `value` that breaks `rule`. Written for
 * speed, as every chunk of a stream is checked: no closure or array is made per field.
 */
export function check(rule: Rule, value: unknown, path = '', root = 'params'): void {
  const { t, e, g, l, m, p, r, i } = rule;
  let typed = !t;
  for (let k = 0; !typed && k < t!.length; k++) typed = TYPES[t![k]!]![1](value);
  const problem =
    !typed ||
    (typeof value === 'number' && (value < (g ?? value) || value > (l ?? value))) ||
    (m && typeof value === 'string' && value.length < m)
      ? `must be ${expected(rule)}`
      : e && !e.includes(value)
        ? `must be one of ${e.join(', ')}`
        : '';
  if (problem) fail(path || root, problem, value);
  if (Array.isArray(value)) {
    if (m && value.length < m)
      fail(path || root, `must have at least ${m} item${m > 1 ? 's' : ''}`);
    if (i) for (let n = 0; n < value.length; n++) check(i, value[n], `${path}[${n}]`, root);
  } else if (isObject(value)) {
    // Own fields only: a `__proto__` key, or an object's prototype, is no field of the request.
    for (const key of r ?? [])
      if (!Object.hasOwn(value, key) || value[key] === undefined)
        fail(at(path, key), 'is required');
    for (const key in p)
      if (Object.hasOwn(value, key) && value[key] !== undefined)
        check(p[key]!, value[key], at(path, key), root);
  }
}

/**
 * Checks a chat request before it is sent: the generated rules, then the conditions between
 * fields that the spec writes as `if`/`then` and the rules leave out. Internal.
 */
export function validateChatRequest(params: unknown): void {
  check(REQUEST_RULES.ChatCompletionRequest!, params);
  (params as { messages: Record<string, unknown>[] }).messages.forEach((message, n) => {
    if (message.role === 'tool' && message.tool_call_id === undefined)
      fail(
        `messages[${n}].tool_call_id`,
        'is required in a tool message: the id of the call it answers',
      );
    if (message.content === null && !(message.role === 'assistant' && message.tool_calls))
      fail(`messages[${n}].content`, 'must be a string (null only beside tool_calls)');
  });
}
