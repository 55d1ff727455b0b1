import type {
  ChatCompletion,
  ChatCompletionChoice,
  ChatCompletionChunk,
  ToolCall,
} from '@comput3/api';
import { splitThink, THINKS_INLINE, type ThinkState } from './think.js';

/**
 * Folds stream chunks into the `ChatCompletion` the same request would have answered without
 * streaming: content joined, tool calls joined by their `index` (the first piece brings the
 * id and name, the rest add to the arguments). Kept up to date chunk by chunk, so an error
 * part-way has a partial to offer. Reasoning is kept apart from the answer: a server's
 * `reasoning_content` (or `reasoning`) joined, and with `thinkTags` (by default, for the models
 * known to write them), `<think>` blocks moved out of each chunk's content into its
 * `reasoning_content` before the chunk reaches the caller. Internal.
 */
export class CompletionAccumulator {
  #completion: ChatCompletion | undefined;
  readonly #choices: ChatCompletionChoice[] = [];
  readonly #think: ThinkState[] = [];
  constructor(public thinkTags?: boolean) {}

  add(chunk: ChatCompletionChunk): void {
    if (!this.#completion) {
      this.#completion = {
        id: chunk.id,
        object: 'chat.completion',
        created: chunk.created,
        model: chunk.model,
        choices: this.#choices,
      };
      this.thinkTags ??= THINKS_INLINE.test(chunk.model);
    }
    if (chunk.usage) this.#completion.usage = chunk.usage;
    for (const c of chunk.choices) {
      const choice = (this.#choices[c.index] ??= {
        index: c.index,
        message: { role: 'assistant', content: '' },
        finish_reason: '',
      });
      const { delta } = c;
      if (delta.role) choice.message.role = delta.role;
      if (this.thinkTags && (delta.content || c.finish_reason)) {
        // The last chunk of a choice ends it: what was held back as a possible tag was text.
        const state = (this.#think[c.index] ??= { held: '' });
        const [answer, thought] = splitThink(state, delta.content ?? '', !!c.finish_reason);
        if (answer || delta.content) delta.content = answer;
        if (thought) delta.reasoning_content = (delta.reasoning_content ?? '') + thought;
      }
      // One name for it on the chunk, whichever the server used.
      const thought = (delta.reasoning_content ??= delta.reasoning);
      if (thought)
        choice.message.reasoning_content = (choice.message.reasoning_content ?? '') + thought;
      if (delta.content) choice.message.content += delta.content;
      for (const piece of delta.tool_calls ?? []) {
        const calls = (choice.message.tool_calls ??= []);
        const call = (calls[piece.index] ??= {
          id: '',
          type: 'function',
          function: { name: '', arguments: '' },
        });
        if (piece.id) call.id = piece.id;
        if (piece.function?.name) call.function.name = piece.function.name;
        if (piece.function?.arguments) call.function.arguments += piece.function.arguments;
      }
      if (c.finish_reason) choice.finish_reason = c.finish_reason;
    }
  }

  /** True once at least one choice arrived and every choice has its `finish_reason`. */
  get finished(): boolean {
    return this.#choices.length > 0 && this.#choices.every((c) => c.finish_reason !== '');
  }

  /** What has arrived so far; undefined before the first chunk. */
  get current(): ChatCompletion | undefined {
    if (!this.#completion) return undefined;
    return {
      ...this.#completion,
      choices: this.#choices.filter(Boolean).map((c) => {
        const calls = c.message.tool_calls?.filter(Boolean).map(copyCall);
        // An answer that only called tools has no text: null, as without streaming.
        const content = calls && c.message.content === '' ? null : c.message.content;
        return {
          ...c,
          message: { ...c.message, content, ...(calls ? { tool_calls: calls } : {}) },
        };
      }),
    };
  }
}

const copyCall = (call: ToolCall): ToolCall => ({ ...call, function: { ...call.function } });
