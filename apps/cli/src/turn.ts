import type { RunnableTool, ToolRunStep } from '@comput3/core/tools';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionResult,
  ChatCompletionRequest,
  ChatMessage,
  Comput3,
  StreamEnding,
} from '@comput3/core';
import { ConversationLog } from './storage/conversations.js';
import type { LoadedSchema } from './schema.js';
import { describeError } from './exit-codes.js';
import { statsFor, type TurnStats } from './stats.js';

/**
 * Which model gave an answer kept in a history, and under which system prompt: kept beside the
 * message, never in it (the history is sent to the API as it is). /save writes them.
 */
export const answeredWith = new WeakMap<ChatMessage, { model: string; system?: string }>();

/** One exchange with the model, as `comput3 "prompt"` and `comput3 chat` both make it. */
export interface Turn {
  client: Comput3;
  /** A system prompt sent first and kept apart from `history` (chat's /system). */
  system?: string | undefined;
  /** What the conversation holds so far; grows only when the turn has an answer to keep. */
  history: ChatMessage[];
  /** What this turn adds before the answer: the user's message (and a new system prompt). */
  added: ChatMessage[];
  /** What the person typed, when the user message holds more (piped text, files): logged beside it. */
  typed?: string;
  params: Omit<ChatCompletionRequest, 'messages' | 'stream' | 'stream_options'>;
  stream: boolean;
  usage: boolean;
  signal: AbortSignal;
  /** Where the exchange is saved; undefined with --no-save. Created on first need. */
  log: () => ConversationLog | undefined;
  /** Each streamed chunk, as it arrives. */
  onChunk?: (chunk: ChatCompletionChunk) => void;
  /** Models to move to, in order, when the one asked fails before answering (--fallback). */
  fallback?: string[] | undefined;
  /** With `fallback`: milliseconds without a token before the next model is asked too (--hedge). */
  hedge?: number | undefined;
  /** Ask for JSON that fits this schema (structured output), checked before it is kept. */
  schema?: LoadedSchema | undefined;
  /** Tools the model may call (--mcp): the turn is a tool run, and only its final answer is kept. */
  tools?: RunnableTool[] | undefined;
  /** With `tools`: each call and result, as they happen. */
  onToolStep?: (step: ToolRunStep) => void;
  /** With `tools` and `stream`: the answers' text as it arrives. */
  onText?: (text: string) => void;
  /** With `tools`: ms spent so far waiting for a person to allow calls, left out of the figures. */
  askedMs?: () => number;
}

/**
 * Sends the turn and keeps it: the user's message enters the conversation (history and log)
 * only together with an answer, or with the partial answer an interruption left. A turn that
 * failed with nothing to show is saved as a failed attempt, never as a message, so the next
 * request does not carry an unanswered user message. Resolves to the completion; rejects with
 * the error, after keeping or recording the turn.
 */
export async function takeTurn(
  turn: Turn,
): Promise<{ completion: ChatCompletion; stats: TurnStats }> {
  const { client, params } = turn;
  const options = {
    signal: turn.signal,
    ...(turn.fallback?.length ? { fallback: turn.fallback, hedge: turn.hedge } : {}),
  };
  const messages: ChatMessage[] = [
    ...(turn.system ? [{ role: 'system' as const, content: turn.system }] : []),
    ...turn.history,
    ...turn.added,
  ];
  const model = params.model;
  try {
    let completion: ChatCompletionResult;
    let tools: TurnStats['tools'];
    if (turn.tools?.length) {
      ({ completion, tools } = await runWithTools(turn, messages, options));
    } else if (turn.schema) {
      // Loaded only for --schema: structured output lives in a subpath of its own.
      const { parse } = await import('@comput3/core/tools');
      ({ completion } = await parse(client, { ...params, messages, schema: turn.schema }, options));
    } else if (turn.stream) {
      const stream = await client.chat.completions.create(
        {
          ...params,
          messages,
          stream: true,
          // Always: the stats line shows the token counts.
          stream_options: { include_usage: true },
        },
        options,
      );
      for await (const chunk of stream) turn.onChunk?.(chunk);
      completion = await stream.finalCompletion();
    } else {
      completion = await client.chat.completions.create({ ...params, messages }, options);
    }
    // The SDK measured the call: time to first token, tokens per second, request id.
    const stats = {
      ...statsFor(completion.metrics, Boolean(turn.stream && !turn.schema)),
      ...(tools ? { tools } : {}),
    };
    // The model that answered is the one kept beside the answer (after a fallback, not the first).
    keep(turn, completion.choices[0]?.message.content ?? '', { model: stats.model, stats });
    return { completion, stats };
  } catch (error) {
    const partial = (error as StreamEnding).partial?.choices[0]?.message.content;
    if (partial) keep(turn, partial, { model, partial: true });
    else turn.log()?.addFailure(turn.added, describeError(error, model), model);
    throw error;
  }
}

/**
 * A turn with tools: runTools to the final answer, counting rounds, calls and the time in the
 * tools (not the time a person took to allow them).
 */
async function runWithTools(
  turn: Turn,
  messages: ChatMessage[],
  options: { signal: AbortSignal },
): Promise<{ completion: ChatCompletionResult; tools: NonNullable<TurnStats['tools']> }> {
  // Loaded only with tools: the runner lives in a subpath of its own.
  const { runTools } = await import('@comput3/core/tools');
  const run = runTools(
    turn.client,
    { ...turn.params, messages, tools: turn.tools!, stream: turn.stream },
    options,
  );
  let calls = 0;
  let ms = 0;
  let since: { at: number; asked: number } | undefined;
  const asked = () => turn.askedMs?.() ?? 0;
  for await (const step of run) {
    if (step.type === 'text') turn.onText?.(step.text);
    else turn.onToolStep?.(step);
    if (step.type === 'tool_call') {
      calls++;
      since ??= { at: performance.now(), asked: asked() };
    }
    // A round's results come together, once all its calls are done.
    if (step.type === 'tool_result' && since !== undefined) {
      ms += Math.max(0, performance.now() - since.at - (asked() - since.asked));
      since = undefined;
    }
  }
  const { completion, rounds } = await run.done();
  // The runner's last answer is what create() or the stream gave: a result with its figures.
  return {
    completion: completion as ChatCompletionResult,
    tools: { rounds, calls, ms: Math.round(ms) },
  };
}

function keep(
  turn: Turn,
  content: string,
  extra: { model: string; partial?: true; stats?: TurnStats },
): void {
  const answer: ChatMessage = { role: 'assistant', content };
  answeredWith.set(answer, { model: extra.model, ...(turn.system ? { system: turn.system } : {}) });
  turn.history.push(...turn.added, answer);
  const log = turn.log();
  const asked = turn.added.at(-1);
  for (const m of turn.added) log?.add(m, m === asked && turn.typed ? { typed: turn.typed } : {});
  log?.add(answer, extra);
}
