import type { ChatMessage } from '@comput3/api';

/**
 * The mock's notion of a token: a run of at most six non-space characters with the white
 * space before it ("a word or a piece of one"). Joining the tokens of a text gives it back
 * unchanged, so streamed deltas always add up to the non-streamed answer.
 */
const TOKEN = /\s*\S{1,6}|\s+$/g;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export function countTokens(text: string): number {
  let n = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.exec(text) !== null) n++;
  return n;
}

/** Each message costs its content's tokens plus one for its role. */
export function countPromptTokens(messages: readonly ChatMessage[]): number {
  let n = 0;
  for (const m of messages) n += countTokens(m.content) + 1;
  return n;
}

// Words of at most six letters, so each filler word is exactly one token.
const FILLER = (
  'the model can say a lot with short words drawn from this list so that long ' +
  'lines stay cheap to make and easy to check while still like prose about ' +
  'clouds rivers maps trains music lamps and quiet days by the sea'
).split(' ');

/** FNV-1a, to seed the filler from the conversation: same request, same answer. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const QUOTE_LIMIT = 200;

/** The natural reply: it quotes the last user message, so a test can see its input came through. */
export function baseReply(model: string, messages: readonly ChatMessage[]): string {
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  if (!lastUser) return `Hello from ${model}. Send a user message and I will quote it back.`;
  const text = lastUser.content.trim();
  const quote = text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
  return `You said: "${quote}" (mock reply from ${model}).`;
}

export interface ReplyPlan {
  /** The reply's tokens, produced lazily: a very long answer is never held whole. */
  tokens: Iterable<string>;
  finishReason: 'stop' | 'length';
  completionTokens: number;
}

/**
 * Plans the answer to a request. `length` asks for a reply of exactly that many tokens (the
 * natural reply, then deterministic filler); `maxTokens` then cuts it, with
 * `finish_reason: "length"` when it does.
 */
export function planReply(
  model: string,
  messages: readonly ChatMessage[],
  maxTokens: number | undefined,
  length: number | undefined,
): ReplyPlan {
  const base = tokenize(baseReply(model, messages));
  const natural = length ?? base.length;
  const count = maxTokens !== undefined && maxTokens < natural ? maxTokens : natural;
  const seed = hash(model + JSON.stringify(messages));
  return {
    completionTokens: count,
    finishReason: count < natural ? 'length' : 'stop',
    tokens: {
      *[Symbol.iterator]() {
        let state = seed || 1;
        for (let i = 0; i < count; i++) {
          if (i < base.length) {
            yield base[i]!;
          } else {
            // xorshift32: a fast deterministic walk through the filler words.
            state ^= state << 13;
            state ^= state >>> 17;
            state ^= state << 5;
            yield ` ${FILLER[(state >>> 0) % FILLER.length]}`;
          }
        }
      },
    },
  };
}
