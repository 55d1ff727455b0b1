import type { ChatCompletionRequest } from '@comput3/core';
import { readLines } from './lines.js';
import type { Template } from './template.js';

/** One request of a batch: its input line, its id, and what is sent. */
export interface BatchItem {
  /** The line of the input file it came from (from 1). */
  line: number;
  /** The line's `id`, or its line number as text. */
  id: string;
  /** The request sent for it (never streamed). */
  request: ChatCompletionRequest;
}

/** A line that cannot be sent, and why, in words that say how to fix it. */
export interface BadLine {
  /** Its line number (from 1). */
  line: number;
  /** What is wrong, as the rest of a sentence that starts "line N". */
  problem: string;
}

/** How lines become requests. */
export interface InputOptions {
  /** The model for lines that name none. */
  model?: string | undefined;
  /** A prompt made from each line's fields (see parseTemplate). */
  template?: Template | undefined;
  /** A system prompt before each line's messages (unless a line begins with its own). */
  system?: string | undefined;
  /** Request fields for every line (`max_tokens`, `temperature`…); a line's own win. */
  params?: Partial<ChatCompletionRequest> | undefined;
  /** The longest line read, in bytes. Default 1 MiB. */
  maxLineBytes?: number | undefined;
}

const MAX_ID = 200;
const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/**
 * A line as a request. A line is a JSON object: `{"messages": […]}` (a request body; `model`
 * optional), `{"prompt": "…"}`, or with a template the fields it names. `id` (a string or a
 * number) names the line in the output; without one, its line number does.
 */
export function itemOf(text: string, line: number, options: InputOptions): BatchItem | BadLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { line, problem: 'is not JSON: each line must be one JSON object' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      line,
      problem: 'is not a JSON object: each line must be one, such as {"prompt": "…"}',
    };
  }
  const fields = value as Record<string, unknown>;
  const own = (key: string) => (Object.hasOwn(fields, key) ? fields[key] : undefined);
  const rawId = own('id');
  if (
    rawId !== undefined &&
    !(typeof rawId === 'string' && rawId && rawId.length <= MAX_ID) &&
    !Number.isSafeInteger(rawId)
  ) {
    return {
      line,
      problem: `has an "id" that is not a string of 1 to ${MAX_ID} characters or a whole number`,
    };
  }
  const id = rawId === undefined ? String(line) : String(rawId);
  const { id: _, stream: __, prompt, ...body } = fields;
  let request: Record<string, unknown>;
  if (options.template) {
    let content: string;
    try {
      content = options.template.render(fields);
    } catch (error) {
      return { line, problem: (error as Error).message };
    }
    request = { messages: [{ role: 'user', content }] };
  } else if (own('messages') !== undefined) {
    request = body;
  } else if (typeof prompt === 'string' && Object.hasOwn(fields, 'prompt')) {
    request = { ...body, messages: [{ role: 'user', content: prompt }] };
  } else {
    return {
      line,
      problem:
        'has neither "messages" nor "prompt": write {"prompt": "…"} or {"messages": […]}, or give --template',
    };
  }
  const model = options.template
    ? (own('model') ?? options.model)
    : (request.model ?? options.model);
  if (typeof model !== 'string' || !model) {
    return { line, problem: 'names no model: add "model" to the line, or pass -m MODEL' };
  }
  const messages = request.messages;
  if (
    options.system &&
    Array.isArray(messages) &&
    (messages[0] as { role?: unknown } | undefined)?.role !== 'system'
  ) {
    request.messages = [{ role: 'system', content: options.system }, ...messages];
  }
  return {
    line,
    id,
    request: { ...options.params, ...request, model } as ChatCompletionRequest,
  };
}

export const isBad = (item: BatchItem | BadLine): item is BadLine => 'problem' in item;

/** Each line of the input as an item, or as a bad line (too long, not JSON, no prompt…). */
export async function* readItems(
  file: string,
  options: InputOptions,
): AsyncGenerator<BatchItem | BadLine> {
  const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const ids = new Map<string, number>();
  for await (const read of readLines(file, max)) {
    if (!('text' in read)) {
      yield {
        line: read.line,
        problem: `is over ${max} bytes, the most a line may hold: shorten it (maxLineBytes sets the most)`,
      };
      continue;
    }
    const item = itemOf(read.text, read.line, options);
    if (!isBad(item)) {
      const first = ids.get(item.id);
      if (first !== undefined) {
        yield {
          line: item.line,
          problem: `has the id "${item.id}" of line ${first}: ids must be unique`,
        };
        continue;
      }
      ids.set(item.id, item.line);
    }
    yield item;
  }
}
