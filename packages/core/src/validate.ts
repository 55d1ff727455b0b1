import { ROLES } from '@comput3/api';
import { Comput3ValidationError } from './errors.js';

// The ranges of components.schemas.ChatCompletionRequest; test/validate.test.ts checks them
// against the spec so the two cannot drift apart.
export const TEMPERATURE_MIN = 0;
export const TEMPERATURE_MAX = 2;
export const MAX_TOKENS_MIN = 1;

export const fail = (field: string, problem: string, got?: unknown): never => {
  const shown = got === undefined ? '' : `, got ${describe(got)}`;
  throw new Comput3ValidationError(field, `${field} ${problem}${shown}.`);
};

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a chat request against the spec's rules before anything is sent, so a mistake costs
 * no network round trip (and no money) and the error names the field. Fields are checked in
 * the spec's order, so the field named is the one the server would name. Internal.
 */
export function validateChatRequest(params: unknown): void {
  if (!isObject(params)) fail('params', 'must be an object with model and messages', params);
  const p = params as Record<string, unknown>;
  if (typeof p.model !== 'string' || p.model === '') {
    fail('model', 'must be a non-empty model id such as "hermes4:70b"', p.model);
  }
  const messages = p.messages;
  if (!Array.isArray(messages)) fail('messages', 'must be an array of {role, content}', messages);
  if ((messages as unknown[]).length === 0) {
    fail('messages', 'must have at least one message');
  }
  (messages as unknown[]).forEach((m, i) => {
    const at = `messages[${i}]`;
    if (!isObject(m)) return fail(at, 'must be an object with role and content', m);
    if (!(ROLES as readonly unknown[]).includes(m.role)) {
      fail(`${at}.role`, `must be one of ${ROLES.join(', ')}`, m.role);
    }
    if (typeof m.content !== 'string' && m.content !== null) {
      fail(`${at}.content`, 'must be a string', m.content);
    }
    if (m.tool_calls !== undefined && !Array.isArray(m.tool_calls)) {
      fail(`${at}.tool_calls`, 'must be an array of tool calls', m.tool_calls);
    }
    if (m.tool_call_id !== undefined) id(m.tool_call_id, `${at}.tool_call_id`);
    if (m.role === 'tool' && m.tool_call_id === undefined) {
      fail(`${at}.tool_call_id`, 'is required in a tool message: the id of the call it answers');
    }
    if (m.content === null && !(m.role === 'assistant' && m.tool_calls !== undefined)) {
      fail(`${at}.content`, 'must be a string (null only beside tool_calls)');
    }
  });
  const max = p.max_tokens;
  if (max !== undefined && !(Number.isInteger(max) && (max as number) >= MAX_TOKENS_MIN)) {
    fail('max_tokens', 'must be a positive integer', max);
  }
  const t = p.temperature;
  if (
    t !== undefined &&
    (typeof t !== 'number' || !(t >= TEMPERATURE_MIN && t <= TEMPERATURE_MAX))
  ) {
    fail('temperature', `must be a number from ${TEMPERATURE_MIN} to ${TEMPERATURE_MAX}`, t);
  }
  if (p.stream !== undefined && typeof p.stream !== 'boolean')
    fail('stream', 'must be a boolean', p.stream);
  const so = p.stream_options;
  if (so !== undefined) {
    if (!isObject(so)) fail('stream_options', 'must be an object like { include_usage: true }', so);
    const usage = (so as Record<string, unknown>).include_usage;
    if (usage !== undefined && typeof usage !== 'boolean') {
      fail('stream_options.include_usage', 'must be a boolean', usage);
    }
  }
}

const id = (v: unknown, at: string) => {
  if (typeof v !== 'string' || !v) fail(at, 'must be a non-empty string', v);
};
