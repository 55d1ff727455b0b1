import type { ChatCompletionRequest, ChatMessage, ToolCall } from '@comput3/api';
import { composeReply, type Composed } from './compose.js';
import { hash, seeded } from './random.js';
import { loadTokenizer } from './tokens.js';
import { plannedToolCalls, structuredText, toolResultsText } from './tools.js';

export interface ReplyPlan {
  /** The reply's tokens as text, produced lazily: a very long answer is never held whole. */
  tokens: Iterable<string>;
  finishReason: 'stop' | 'length' | 'tool_calls';
  completionTokens: number;
  promptTokens: number;
  /** When the answer calls tools: the calls, and each call's arguments as tokens. */
  toolCalls?: { call: ToolCall; pieces: string[] }[];
  /** A model that reasons beside its answer (DeepSeek's form): the reasoning, as tokens. */
  reasoning?: string[];
  /** Of the completion tokens, those spent reasoning (inline or beside the answer). */
  reasoningTokens?: number;
}

/**
 * Plans the answer to a request: tool calls (tools.ts), or a text reply (structured output,
 * a report of tool results, or the composed reply of compose.ts), split into real tokens
 * (tokens.ts). `length` (from `x-mock-reply-tokens`) asks for exactly that many text tokens:
 * the reply, cut or continued with one-token filler words; `max_tokens` then cuts it on a
 * token boundary, with `finish_reason: "length"`.
 */
export async function planReply(
  request: Pick<
    ChatCompletionRequest,
    | 'model'
    | 'messages'
    | 'max_tokens'
    | 'tools'
    | 'tool_choice'
    | 'parallel_tool_calls'
    | 'response_format'
    | 'seed'
  >,
  length: number | undefined,
  realAnswer?: string,
): Promise<ReplyPlan> {
  const tokenizer = await loadTokenizer();
  const { model, messages } = request;
  const promptTokens =
    tokenizer.countPrompt(messages) +
    (request.tools ? tokenizer.count(JSON.stringify(request.tools)) : 0);
  const calls = plannedToolCalls(request);
  if (calls) {
    const toolCalls = calls.map((call) => ({
      call,
      pieces: tokenizer.pieces(call.function.arguments),
    }));
    return {
      tokens: [],
      finishReason: 'tool_calls',
      completionTokens: toolCalls.reduce(
        (n, c) => n + c.pieces.length + tokenizer.count(c.call.function.name),
        0,
      ),
      promptTokens,
      toolCalls,
    };
  }
  let thought: Composed['reasoning'];
  const prose = () => {
    const composed = composeReply(model, messages, realAnswer, request.seed);
    thought = composed.reasoning;
    return composed.text;
  };
  const structured = structuredText(request, prose);
  let text = structured ?? toolResultsText(model, messages) ?? prose();
  // Reasoning comes first: inline in the content (not in JSON the schema asked for), or beside it.
  let reasoning: string[] | undefined;
  let reasoningTokens = 0;
  if (thought?.form === 'inline' && structured === undefined) {
    const block = `<think>\n${thought.text}\n</think>\n\n`;
    reasoningTokens = tokenizer.count(block);
    text = block + text;
  } else if (thought?.form === 'field') {
    reasoning = tokenizer.pieces(thought.text);
    reasoningTokens = reasoning.length;
  }
  const pieces = tokenizer.pieces(text);
  const natural = length ?? pieces.length;
  const maxTokens = request.max_tokens;
  const count = maxTokens !== undefined && maxTokens < natural ? maxTokens : natural;
  const seed = hash(model + (request.seed ? `\n${request.seed}` : '') + JSON.stringify(messages));
  const { filler } = tokenizer;
  return {
    promptTokens,
    completionTokens: count + (reasoning?.length ?? 0),
    ...(reasoning ? { reasoning } : {}),
    ...(reasoningTokens
      ? { reasoningTokens: Math.min(reasoningTokens, count + (reasoning?.length ?? 0)) }
      : {}),
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

/**
 * The whole reply text for a request, as the mock would send it (tests compare with it): with
 * `maxTokens`, cut as that `max_tokens` cuts it; with `realAnswer`, as a server started with
 * that option says it; with `seed`, as a request with that seed gets it.
 */
export async function replyText(
  model: string,
  messages: readonly ChatMessage[],
  options: { maxTokens?: number; realAnswer?: string; seed?: number } = {},
): Promise<string> {
  let text = '';
  const { maxTokens, realAnswer, seed } = options;
  const plan = await planReply(
    {
      model,
      messages: [...messages],
      ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
      ...(seed !== undefined ? { seed } : {}),
    },
    undefined,
    realAnswer,
  );
  for (const piece of plan.tokens) text += piece;
  return text;
}
