import type { Rule } from '@comput3/api/constants';
import type { ChatCompletion, ChatCompletionChunk, ModelList } from '@comput3/api';
import { check, isObject } from './validate.js';

/**
 * Cheap checks that an answer has the shape the rest of the SDK relies on, so a malformed
 * answer is an InvalidResponseError naming what is wrong, never a TypeError deep inside (which
 * would pass for a broken connection) nor a write through a server-chosen key. They are
 * written here, not generated, because they are deliberately looser than the spec: real
 * servers leave out `id`, `created`, `usage` and even a last chunk's `delta`, and the SDK
 * copes. And stricter in one place: indexes become array positions, so each must be a small
 * whole number (`"index": "__proto__"` would otherwise write the server's fields onto
 * `Array.prototype`). They are read by the same reader as the request rules (validate.ts).
 * Each returns the problem, or undefined. Internal.
 */

/** More choices or tool calls than this in one answer is not an answer but an attack. */
const MAX_INDEX = 1024;

const index: Rule = { t: 'i', g: 0, l: MAX_INDEX - 1 };
const text: Rule = { t: 'sz' };
const choices = (choice: Rule, more?: Rule['p']): Rule => ({
  t: 'o',
  r: ['choices'],
  p: { choices: { t: 'a', i: choice }, ...more },
});

const CHUNK = choices(
  {
    t: 'o',
    r: ['index'],
    p: {
      index,
      delta: {
        t: 'o',
        p: {
          content: text,
          reasoning_content: text,
          reasoning: text,
          role: text,
          tool_calls: {
            t: 'az',
            i: {
              t: 'o',
              r: ['index'],
              p: { index, id: text, function: { t: 'oz', p: { name: text, arguments: text } } },
            },
          },
        },
      },
      finish_reason: text,
    },
  },
  { usage: { t: 'oz' } },
);

// A whole answer's tool calls are read by runTools and the CLI: each must be a call, not null.
const CALL: Rule = {
  t: 'o',
  r: ['function'],
  p: { id: text, function: { t: 'o', r: ['name'], p: { name: { t: 's' }, arguments: text } } },
};

const COMPLETION = choices({
  t: 'o',
  r: ['message'],
  p: {
    message: {
      t: 'o',
      p: {
        content: text,
        reasoning_content: text,
        reasoning: text,
        tool_calls: { t: 'az', i: CALL },
      },
    },
  },
});

const MODEL_LIST: Rule = {
  t: 'o',
  r: ['data'],
  p: { data: { t: 'a', i: { t: 'o', r: ['id'], p: { id: { t: 's', m: 1 } } } } },
};

/** The rules above by the schema each checks: test/shape.test.ts holds them to the spec. */
export const ANSWER_RULES = {
  ChatCompletionChunk: CHUNK,
  ChatCompletion: COMPLETION,
  ModelList: MODEL_LIST,
};

/** The first problem `rule` finds in a server's value, in words; undefined when there is none. */
function problem(rule: Rule, value: unknown): string | undefined {
  try {
    check(rule, value, '', 'the answer');
  } catch (error) {
    return (error as Error).message.slice(0, -1);
  }
  return undefined;
}

/**
 * A quicker look at the chunk nearly every stream is made of, installed by the server entry
 * (usual-chunk.ts), where thousands of chunks a second pass through; a page, which sees few,
 * keeps the bytes of its budget and reads every chunk by the rules.
 */
let usual: ((chunk: ChatCompletionChunk) => boolean) | undefined;
export const usualChunksWith = (f: typeof usual) => void (usual = f);

export function chunkProblem(chunk: ChatCompletionChunk): string | undefined {
  if (usual?.(chunk)) return;
  const choices = chunk?.choices;
  // Some servers leave the delta out of the last chunk, which only has the finish_reason.
  for (const choice of Array.isArray(choices) ? choices : [])
    if (isObject(choice)) choice.delta ??= {};
  return problem(CHUNK, chunk);
}

export const completionProblem = (completion: ChatCompletion) => problem(COMPLETION, completion);

export const modelListProblem = (list: ModelList) => problem(MODEL_LIST, list);
