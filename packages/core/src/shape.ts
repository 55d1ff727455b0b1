import type { ChatCompletion, ChatCompletionChunk } from '@comput3/api';

/**
 * Cheap checks that an answer has the shape the rest of the SDK relies on, so a malformed
 * answer is an InvalidResponseError naming what is wrong, never a TypeError deep inside (which
 * would pass for a broken connection) nor a write through a server-chosen key. Indexes become
 * array positions, so each must be a small whole number: `"index": "__proto__"` would
 * otherwise write the server's fields onto `Array.prototype`. Each returns the problem, or
 * undefined. Internal.
 */

/** More choices or tool calls than this in one answer is not an answer but an attack. */
export const MAX_INDEX = 1024;

const isIndex = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < MAX_INDEX;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const optional = (v: unknown, type: string) => v === undefined || v === null || typeof v === type;

export function chunkProblem(chunk: ChatCompletionChunk): string | undefined {
  if (!isObject(chunk) || !Array.isArray(chunk.choices)) return 'it has no "choices" array';
  for (let i = 0; i < chunk.choices.length; i++) {
    const c = chunk.choices[i] as unknown;
    const at = `choices[${i}]`;
    if (!isObject(c)) return `${at} is not an object`;
    if (!isIndex(c.index)) return `${at}.index is not a whole number below ${MAX_INDEX}`;
    // Some servers leave the delta out of the last chunk, which only has the finish_reason.
    const delta = (c.delta ??= {});
    if (!isObject(delta)) return `${at}.delta is not an object`;
    if (!optional(delta.content, 'string')) return `${at}.delta.content is not a string`;
    if (!optional(delta.role, 'string')) return `${at}.delta.role is not a string`;
    if (!optional(c.finish_reason, 'string')) return `${at}.finish_reason is not a string`;
    const calls = delta.tool_calls;
    if (calls === undefined || calls === null) continue;
    if (!Array.isArray(calls)) return `${at}.delta.tool_calls is not an array`;
    for (let j = 0; j < calls.length; j++) {
      const piece = calls[j] as unknown;
      const where = `${at}.delta.tool_calls[${j}]`;
      if (!isObject(piece) || !isIndex(piece.index)) {
        return `${where}.index is not a whole number below ${MAX_INDEX}`;
      }
      const fn = piece.function;
      if (!optional(piece.id, 'string')) return `${where}.id is not a string`;
      if (fn !== undefined && fn !== null) {
        if (!isObject(fn) || !optional(fn.name, 'string') || !optional(fn.arguments, 'string')) {
          return `${where}.function is not {name, arguments} strings`;
        }
      }
    }
  }
  if (!optional(chunk.usage, 'object')) return '"usage" is not an object';
  return undefined;
}

export function completionProblem(completion: ChatCompletion): string | undefined {
  if (!isObject(completion) || !Array.isArray(completion.choices)) {
    return 'it has no "choices" array';
  }
  for (let i = 0; i < completion.choices.length; i++) {
    const c = completion.choices[i] as unknown;
    if (!isObject(c) || !isObject(c.message)) return `choices[${i}] has no "message" object`;
    if (!optional(c.message.content, 'string'))
      return `choices[${i}].message.content is not a string`;
    const calls = c.message.tool_calls;
    if (calls !== undefined && calls !== null && !Array.isArray(calls)) {
      return `choices[${i}].message.tool_calls is not an array`;
    }
  }
  return undefined;
}
