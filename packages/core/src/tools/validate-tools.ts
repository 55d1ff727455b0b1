import { fail, isObject } from '../internal/validate.js';

/**
 * Checks the tool fields of a request (`tools`, `tool_choice`, `parallel_tool_calls`,
 * `response_format`, and each message's `tool_calls`) before anything is sent, naming the field
 * at fault as the server would. It lives here, beside the runner, and not in `create()`: the
 * main entry must stay under its 10 kB budget, and a request sent without these helpers is
 * still checked by the server, whose 400 names the same field.
 */
export function validateTools(params: Record<string, unknown>): void {
  (params.messages as Record<string, unknown>[] | undefined)?.forEach((m, i) => {
    if (isObject(m) && m.tool_calls !== undefined)
      toolCalls(m.tool_calls, `messages[${i}].tool_calls`);
  });
  if (params.tools !== undefined) tools(params.tools, 'tools');
  if (params.tool_choice !== undefined) toolChoice(params.tool_choice, 'tool_choice');
  if (params.parallel_tool_calls !== undefined)
    bool(params.parallel_tool_calls, 'parallel_tool_calls');
  if (params.response_format !== undefined)
    responseFormat(params.response_format, 'response_format');
}

type Check = (value: unknown, at: string) => void;
const is =
  (test: (v: any) => boolean, what: string): Check =>
  (v, at) => {
    if (!test(v)) fail(at, `must be ${what}`, v);
  };
const object =
  (shape: Record<string, Check>, required: string[] = []): Check =>
  (v, at) => {
    if (!isObject(v)) fail(at, 'must be an object', v);
    for (const key in shape) {
      const value = (v as Record<string, unknown>)[key];
      if (value !== undefined) shape[key]!(value, `${at}.${key}`);
      else if (required.includes(key)) fail(`${at}.${key}`, 'is required');
    }
  };
const array =
  (item: Check, min = 0): Check =>
  (v, at) => {
    if (!Array.isArray(v) || v.length < min) {
      fail(at, `must be ${min ? 'a non-empty' : 'an'} array`, v);
    }
    (v as unknown[]).forEach((x, i) => item(x, `${at}[${i}]`));
  };
const str = is((v) => typeof v === 'string', 'a string');
const bool = is((v) => typeof v === 'boolean', 'a boolean');
const name = is((v) => /^[\w-]{1,64}$/.test(v), '1 to 64 letters, digits, _ or -');
const fn = is((v) => v === 'function', '"function"');
const toolCalls = array(
  object(
    { id: str, type: fn, function: object({ name: str, arguments: str }, ['name', 'arguments']) },
    ['id', 'type', 'function'],
  ),
  1,
);
const tools = array(
  object(
    {
      type: fn,
      function: object(
        {
          name,
          description: str,
          parameters: is(isObject, 'a JSON Schema object'),
          strict: is((v) => v === null || typeof v === 'boolean', 'a boolean'),
        },
        ['name'],
      ),
    },
    ['type', 'function'],
  ),
);
const toolChoice = is(
  (v) =>
    ['none', 'auto', 'required'].includes(v) ||
    (v?.type === 'function' && typeof v.function?.name === 'string'),
  '"none", "auto", "required" or {type: "function", function: {name}}',
);
const responseFormat = is(
  (v) =>
    v?.type === 'text' ||
    v?.type === 'json_object' ||
    (v?.type === 'json_schema' &&
      /^[\w-]{1,64}$/.test(v.json_schema?.name) &&
      (v.json_schema.schema === undefined || isObject(v.json_schema.schema))),
  '{type: "text"}, {type: "json_object"} or {type: "json_schema", json_schema: {name, schema}}',
);
