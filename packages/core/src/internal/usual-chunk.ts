import type { ChatCompletionChunk } from '@comput3/api';
import { usualChunksWith } from './shape.js';
import { isObject } from './validate.js';

/**
 * Whether a stream chunk is the usual one (one choice, at index 0, of text: content, reasoning
 * or role, maybe a finish_reason and a usage), which the rules of shape.ts would pass: seen at a
 * glance, as such chunks come thousands a second (the rule reader walks ten fields to say the
 * same, and a stream's CPU per chunk doubled when it took over; bench/ measures it). Anything
 * else, tool calls included, is false and read by the rules. Installed by the server entry.
 */
export function isUsualChunk(chunk: ChatCompletionChunk): boolean {
  const { choices, usage } = chunk ?? {};
  const one = Array.isArray(choices) && choices.length === 1 ? choices[0] : undefined;
  const delta = one?.delta as Record<string, unknown> | undefined;
  return (
    one?.index === 0 &&
    isObject(delta) &&
    delta.tool_calls == null &&
    [delta.content, delta.reasoning_content, delta.reasoning, delta.role, one.finish_reason].every(
      (v) => v == null || typeof v === 'string',
    ) &&
    (usage == null || isObject(usage))
  );
}

export const installUsualChunks = () => usualChunksWith(isUsualChunk);
