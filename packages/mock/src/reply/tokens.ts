import type { ChatMessage } from '@comput3/api';

/**
 * Token counts close to a real model's. The documented models use their own tokenizers, which
 * no package ships; cl100k_base is the nearest public one (Llama 3, under Hermes 4, extends it)
 * and gpt-tokenizer encodes it several times faster than js-tiktoken, loads in about half the
 * time and is about as large (1.2 MB), so that is the choice. It is imported on first use,
 * never at start-up: `startMockServer()` begins the load in the background and the first
 * request waits for it, so a server that is never asked anything never pays for it.
 */
/**
 * What a Tokenizer needs of gpt-tokenizer's encoding, written out so that the library's own
 * types stay out of ours (they cannot be resolved under TypeScript's node10 setting).
 */
interface Encoding {
  encode(text: string): number[];
  decode(ids: number[]): string;
  decodeGenerator(ids: Iterable<number>): Generator<string, void, undefined>;
}

let loading: Promise<Tokenizer> | undefined;

/** The tokenizer, loading it on the first call. */
export function loadTokenizer(): Promise<Tokenizer> {
  // A CommonJS file (see cl100k.ts): Node gives its exports by name, a bundler that inlines
  // it (the CLI's esbuild) may give them only as `default`.
  loading ??= import('#cl100k').then(
    (e: Encoding | { default: Encoding }) => new Tokenizer('encode' in e ? e : e.default),
  );
  return loading;
}

/**
 * Words that are one token each (with the space before them), for replies asked to be N tokens
 * long (`x-mock-reply-tokens`): a long reply is made of them without encoding it.
 */
const FILLER_CANDIDATES = (
  'the model can say a lot with short words drawn from this list so that long lines stay ' +
  'cheap to make and easy to check while still reading like prose about clouds rivers maps ' +
  'trains music lamps and quiet days by the sea'
).split(' ');

// Chat formats wrap each message in a few tokens of their own (role, start and end markers), and
// the reply is primed with a few more: OpenAI documents 3 and 3 for its chat models.
const PER_MESSAGE = 3;
const REPLY_PRIMING = 3;

/** Counts tokens as the mock's usage reports them (cl100k_base, via gpt-tokenizer). */
export class Tokenizer {
  /** Filler words that are one token each, with their leading space. */
  readonly filler: readonly string[];

  constructor(private readonly encoding: Encoding) {
    this.filler = FILLER_CANDIDATES.map((w) => ` ${w}`).filter(
      (w) => encoding.encode(w).length === 1,
    );
  }

  /** The number of tokens in `text`. */
  count(text: string): number {
    return this.encoding.encode(text).length;
  }

  /** The prompt tokens of a conversation, as a chat model's usage counts them. */
  countPrompt(messages: readonly ChatMessage[]): number {
    let n = REPLY_PRIMING;
    for (const m of messages) {
      n += PER_MESSAGE + this.count(m.role) + this.count(m.content ?? '');
      if (m.tool_calls) n += this.count(JSON.stringify(m.tool_calls));
      if (m.tool_call_id) n += this.count(m.tool_call_id);
    }
    return n;
  }

  /**
   * The text of each token, in order: joined, they give `text` back exactly. A character that
   * spans two tokens (an emoji, say) comes whole with the second, and the first is ''.
   */
  pieces(text: string): string[] {
    const ids = this.encoding.encode(text);
    // Decoding token by token is the fast way, and right unless a character spans two tokens.
    const each = ids.map((id) => this.encoding.decode([id]));
    if (each.join('') === text) return each;
    const pieces = new Array<string>(ids.length).fill('');
    // decodeGenerator pulls one id at a time and yields once it has whole characters: the id it
    // pulled last is the one that completed them.
    let at = -1;
    const pulled = function* () {
      for (const id of ids) {
        at++;
        yield id;
      }
    };
    for (const piece of this.encoding.decodeGenerator(pulled())) pieces[at] += piece;
    return pieces;
  }
}
