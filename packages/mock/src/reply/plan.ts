import type { ChatMessage } from '@comput3/api';
import { composeReply, hash, seeded } from './compose.js';
import { loadTokenizer } from './tokens.js';

export interface ReplyPlan {
  /** The reply's tokens as text, produced lazily: a very long answer is never held whole. */
  tokens: Iterable<string>;
  finishReason: 'stop' | 'length';
  completionTokens: number;
  promptTokens: number;
}

/**
 * Plans the answer to a request: the composed reply (compose.ts), split into real tokens
 * (tokens.ts). `length` (from `x-mock-reply-tokens`) asks for exactly that many tokens: the
 * reply, cut or continued with one-token filler words; `maxTokens` then cuts it on a token
 * boundary, with `finish_reason: "length"`.
 */
export async function planReply(
  model: string,
  messages: readonly ChatMessage[],
  maxTokens: number | undefined,
  length: number | undefined,
): Promise<ReplyPlan> {
  const tokenizer = await loadTokenizer();
  const pieces = tokenizer.pieces(composeReply(model, messages).text);
  const natural = length ?? pieces.length;
  const count = maxTokens !== undefined && maxTokens < natural ? maxTokens : natural;
  const seed = hash(model + JSON.stringify(messages));
  const { filler } = tokenizer;
  return {
    promptTokens: tokenizer.countPrompt(messages),
    completionTokens: count,
    finishReason: count < natural ? 'length' : 'stop',
    tokens: {
      *[Symbol.iterator]() {
        const random = seeded(seed);
        for (let i = 0; i < count; i++) {
          yield i < pieces.length ? pieces[i]! : filler[Math.floor(random() * filler.length)]!;
        }
      },
    },
  };
}

/** The whole reply text for a request, as the mock would send it (tests compare with it). */
export async function replyText(
  model: string,
  messages: readonly ChatMessage[],
  maxTokens?: number,
): Promise<string> {
  let text = '';
  for (const piece of (await planReply(model, messages, maxTokens, undefined)).tokens)
    text += piece;
  return text;
}
