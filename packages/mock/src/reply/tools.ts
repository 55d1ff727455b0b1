import type { ChatCompletionRequest, ChatMessage, ToolCall } from '@comput3/api';
import { topicWords } from './compose.js';
import { hash, seeded } from './random.js';

/**
 * Tool calling and structured output, deterministically (OpenAI-compatible extensions):
 *
 * - With `tools`, a last user message that names a tool gets a call of it (several named:
 *   several calls, unless `parallel_tool_calls` is false); `tool_choice` can force one
 *   (`{function: {name}}`), ask for any (`required`: the named ones, else the first) or none.
 * - Arguments are generated from the tool's parameter schema, so they are valid JSON for it.
 * - After `tool` messages, the answer is text that reports their content.
 * - `response_format: json_schema` gives JSON valid against the schema; `json_object` an object.
 */
type Schema = Record<string, unknown>;
type Random = () => number;

const isObject = (v: unknown): v is Schema =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the user wrote: its topic words, and the whole text for values named in it. */
interface Hints {
  words: readonly string[];
  prompt: string;
  /** Fill optional properties at random (structured output), or only those the prompt names (tool calls). */
  someOptional: boolean;
}

const PATH_KEY = /^(path|file|filename|file_path|filepath|uri|url|dir|directory|source)$/i;

/**
 * A value the user gave for `key` in the prompt: `key: value` or `key=value` (quoted or one
 * word), or for a path-like key the first word that looks like a path or a file name. Words are
 * read one by one, so the time is linear in the prompt.
 */
export function givenValue(key: string, prompt: string): string | undefined {
  const words = prompt.slice(0, 20_000).split(/\s+/);
  // A word past 300 characters is no value anyone names (and the trailing-punctuation regex,
  // tried at each position of a long run of it, would take the square of its length).
  const bare = (w: string) => (w.length > 300 ? '' : w.replace(/^["'`(]+|["'`),;:!?]+$|\.$/g, ''));
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const lower = word.toLowerCase();
    const name = key.toLowerCase();
    if (lower.startsWith(`${name}=`) || lower.startsWith(`${name}:`)) {
      const rest = word.slice(name.length + 1) || words[i + 1] || '';
      const value = bare(rest);
      if (value) return value;
    }
  }
  if (PATH_KEY.test(key))
    for (const word of words) {
      const w = bare(word);
      if (w.length > 1 && w.length <= 300 && (/\//.test(w) || /^[\w-]+\.[A-Za-z0-9]{1,5}$/.test(w)))
        return w;
    }
  return undefined;
}

/** An example value valid against a JSON Schema: the common keywords, seeded, with the user's words. */
function exampleFor(schema: unknown, random: Random, hints: Hints, depth = 0, key = ''): unknown {
  const { words } = hints;
  if (!isObject(schema) || depth > 6) return {};
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) {
    return schema.enum[Math.floor(random() * schema.enum.length)];
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length)
      return exampleFor(branches[0], random, hints, depth + 1, key);
  }
  if (Array.isArray(schema.allOf)) {
    return Object.assign(
      {},
      ...schema.allOf.map((s) => exampleFor(s, random, hints, depth + 1, key)),
    );
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type =
    types.find((t) => typeof t === 'string' && t !== 'null') ??
    (isObject(schema.properties) ? 'object' : schema.items ? 'array' : 'string');
  const num = (key: string) => (typeof schema[key] === 'number' ? schema[key] : undefined);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const properties = isObject(schema.properties) ? schema.properties : {};
      const required = new Set(Array.isArray(schema.required) ? schema.required : []);
      for (const [key, sub] of Object.entries(properties)) {
        // A tool call's optional arguments only when the prompt names them, as a model fills
        // them (an unasked `head` and `tail` make a file reader refuse).
        const named = () => givenValue(key, hints.prompt) !== undefined;
        if (required.has(key) || (hints.someOptional ? random() < 0.6 : named()))
          out[key] = exampleFor(sub, random, hints, depth + 1, key);
      }
      return out;
    }
    case 'array': {
      const n = Math.max(
        num('minItems') ?? 1,
        Math.min(num('maxItems') ?? 2, 1 + Math.floor(random() * 2)),
      );
      return Array.from({ length: n }, () => exampleFor(schema.items, random, hints, depth + 1));
    }
    case 'integer':
    case 'number': {
      const min = num('minimum') ?? (num('exclusiveMinimum') ?? 0) + 1;
      // A bound that only says "a safe integer" (zod's default) is no hint of a likely value.
      const max = Math.min(num('maximum') ?? (num('exclusiveMaximum') ?? min + 100) - 1, min + 100);
      const value = min + random() * Math.max(0, max - min);
      return type === 'integer' ? Math.ceil(Math.min(value, max)) : Math.round(value * 100) / 100;
    }
    case 'boolean':
      return random() < 0.5;
    case 'null':
      return null;
    default: {
      const formats: Record<string, string> = {
        date: '2026-11-27',
        'date-time': '2026-11-27T12:00:00Z',
        email: 'someone@example.com',
        uri: 'https://example.com/',
        uuid: '123e4567-e89b-42d3-a456-426614174000',
      };
      // A name the user wrote (capitalised, not just starting the sentence) is the likeliest
      // value: "Lisbon" in "What is the weather in Lisbon?".
      // A value the prompt names for this key ("path: notes/todo.md") is the one asked for.
      const given = key && !schema.format ? givenValue(key, hints.prompt) : undefined;
      const names = words.slice(1).filter((w) => /^\p{Lu}\p{Ll}/u.test(w));
      const pool = names.length ? names : words;
      let text =
        given ??
        formats[String(schema.format)] ??
        pool[Math.floor(random() * pool.length)] ??
        'example';
      const minLength = num('minLength') ?? 0;
      const maxLength = num('maxLength');
      while (text.length < minLength) text += 'x';
      return maxLength !== undefined ? text.slice(0, maxLength) : text;
    }
  }
}

const mentions = (text: string, name: string) => {
  const lower = text.toLowerCase();
  return (
    lower.includes(name.toLowerCase()) || lower.includes(name.toLowerCase().replace(/[_-]/g, ' '))
  );
};

/** The tool calls the mock answers with, or undefined for a text answer. */
export function plannedToolCalls(request: ChatCompletionRequest): ToolCall[] | undefined {
  const tools = request.tools ?? [];
  const choice = request.tool_choice ?? 'auto';
  const last = request.messages.at(-1);
  if (!tools.length || choice === 'none' || last?.role !== 'user') return undefined;
  const text = last.content ?? '';
  let chosen = tools.filter((t) => mentions(text, t.function.name));
  if (typeof choice === 'object')
    chosen = tools.filter((t) => t.function.name === choice.function.name);
  else if (choice === 'required' && !chosen.length) chosen = tools.slice(0, 1);
  if (!chosen.length) return undefined;
  if (request.parallel_tool_calls === false) chosen = chosen.slice(0, 1);
  const seed = hash(JSON.stringify(request.messages) + request.model);
  const random = seeded(seed);
  const words = topicWords(text);
  return chosen.map((tool, i) => ({
    id: `call_${(seed + i).toString(16).padStart(8, '0')}${i}`,
    type: 'function' as const,
    function: {
      name: tool.function.name,
      arguments: JSON.stringify(
        exampleFor(tool.function.parameters ?? { type: 'object' }, random, {
          words,
          prompt: text,
          someOptional: false,
        }),
      ),
    },
  }));
}

/** After `tool` messages: a text answer that reports what the tools returned. */
export function toolResultsText(
  model: string,
  messages: readonly ChatMessage[],
): string | undefined {
  if (messages.at(-1)?.role !== 'tool') return undefined;
  const names = new Map<string, string>();
  for (const m of messages)
    for (const call of m.tool_calls ?? []) names.set(call.id, call.function.name);
  const results: string[] = [];
  for (let i = messages.length - 1; i >= 0 && messages[i]!.role === 'tool'; i--) {
    const m = messages[i]!;
    const content = (m.content ?? '').replace(/\s+/g, ' ').trim();
    const shown = content.length > 200 ? `${content.slice(0, 200)}…` : content;
    results.unshift(
      `- **${names.get(m.tool_call_id ?? '') ?? 'tool'}** returned: ${shown || '(nothing)'}`,
    );
  }
  return [
    `*Offline mock of ${model}: written answers, not a real model.*`,
    `Here is what the ${results.length === 1 ? 'tool' : 'tools'} returned:`,
    results.join('\n'),
    'That is everything the tools gave me; ask if you want more detail.',
  ].join('\n\n');
}

/** The content asked for by `response_format`, or undefined for an ordinary reply. */
export function structuredText(
  request: ChatCompletionRequest,
  prose: () => string,
): string | undefined {
  const format = request.response_format;
  if (!format || format.type === 'text') return undefined;
  const lastUser = [...request.messages].reverse().find((m) => m.role === 'user');
  const words = topicWords(lastUser?.content ?? '');
  const random = seeded(hash(JSON.stringify(request.messages) + request.model));
  if (format.type === 'json_schema') {
    return JSON.stringify(
      exampleFor(format.json_schema.schema ?? { type: 'object' }, random, {
        words,
        prompt: '',
        someOptional: true,
      }),
    );
  }
  return JSON.stringify({ answer: prose().split('\n\n')[1] ?? '', topic: words[0] ?? null });
}

/**
 * The semantic checks the schema cannot express: each `tool` message answers a call made
 * earlier in the conversation. Returns the field at fault, or undefined.
 */
export function toolMessageProblem(
  messages: readonly ChatMessage[],
): { param: string; message: string } | undefined {
  const called = new Set<string>();
  for (const [i, m] of messages.entries()) {
    for (const call of m.tool_calls ?? []) called.add(call.id);
    if (m.role === 'tool' && !called.has(m.tool_call_id ?? '')) {
      return {
        param: `messages[${i}].tool_call_id`,
        message: `messages[${i}].tool_call_id "${m.tool_call_id}" matches no tool call of an earlier assistant message.`,
      };
    }
  }
  return undefined;
}
