import type { ChatCompletion, ChatCompletionChoice, ChatCompletionChunk } from '@comput3/api';

/**
 * Folds stream chunks into the `ChatCompletion` the same request would have answered without
 * streaming. Kept up to date chunk by chunk, so an error part-way has a partial to offer.
 * Internal.
 */
export class CompletionAccumulator {
  #completion: ChatCompletion | undefined;
  readonly #choices: ChatCompletionChoice[] = [];

  add(chunk: ChatCompletionChunk): void {
    if (!this.#completion) {
      this.#completion = {
        id: chunk.id,
        object: 'chat.completion',
        created: chunk.created,
        model: chunk.model,
        choices: this.#choices,
      };
    }
    if (chunk.usage) this.#completion.usage = chunk.usage;
    for (const c of chunk.choices) {
      const choice = (this.#choices[c.index] ??= {
        index: c.index,
        message: { role: 'assistant', content: '' },
        finish_reason: '',
      });
      if (c.delta.role) choice.message.role = c.delta.role;
      if (c.delta.content) choice.message.content += c.delta.content;
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
      choices: this.#choices.filter(Boolean).map((c) => ({ ...c, message: { ...c.message } })),
    };
  }
}
