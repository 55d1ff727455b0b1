import type { ChatCompletion, ChatMessage, ToolCall } from '@comput3/api';
import type { ChatCompletionCreateParamsNonStreaming, Comput3 } from '../client.js';
import { APIUserAbortError, Comput3Error } from '../errors.js';
import type { RequestOptions } from '../request.js';
import { validateTools } from './validate-tools.js';
import { callTool, definitionOf, type RunnableTool } from './tool.js';

/** The options of {@link runTools}: a chat request whose tools carry their own code. */
export type RunToolsParams = Omit<ChatCompletionCreateParamsNonStreaming, 'tools' | 'stream'> & {
  /** The tools the model may call. */
  tools: RunnableTool[];
  /** The most model answers to ask for before giving up (default 10). */
  maxRounds?: number;
  /**
   * The most tool calls one answer may ask for (default 128). An answer with more is a
   * ToolRunError and none of its calls run: a model (or a server) asking for thousands at once
   * is broken or hostile, not busy.
   */
  maxToolCalls?: number;
  /** The most tool calls running at once (default 8); an answer's calls run in that many lanes. */
  concurrency?: number;
  /** Stream each answer: `text` steps carry its content as it arrives. */
  stream?: boolean;
};

/** What happens during a run, in order. */
export type ToolRunStep =
  | {
      /** A piece of an answer's text, as it streams (with `stream: true`). */
      type: 'text';
      /** Which answer of the run, from 1. */
      round: number;
      /** The piece of text. */
      text: string;
    }
  | {
      /** An answer arrived. */
      type: 'completion';
      /** Which answer of the run, from 1. */
      round: number;
      /** The answer. */
      completion: ChatCompletion;
    }
  | {
      /** The model called a tool. */
      type: 'tool_call';
      /** Which answer of the run, from 1. */
      round: number;
      /** The call, its arguments as JSON text. */
      call: ToolCall;
    }
  | {
      /** A tool returned (or failed); this goes back to the model. */
      type: 'tool_result';
      /** Which answer of the run, from 1. */
      round: number;
      /** The call this answers. */
      call: ToolCall;
      /** What the model is sent: the result as text, or `Error: …`. */
      content: string;
      /** Why the call failed (bad JSON, an unknown tool, a throw), when it did. */
      error?: string;
    };

/** What a run ends with: {@link ToolRun.done}. */
export interface ToolRunResult {
  /** The model's final text answer. */
  content: string;
  /** The whole conversation: the messages given, then every answer, call and result. */
  messages: ChatMessage[];
  /** The last answer. */
  completion: ChatCompletion;
  /** How many answers the run asked for. */
  rounds: number;
}

/**
 * The run stopped: the model was still calling tools after `maxRounds` answers, or one answer
 * asked for more than `maxToolCalls`. `messages` is the conversation so far.
 */
export class ToolRunError extends Comput3Error {
  /** `'ToolRunError'`, which survives minifiers that rename classes. */
  override name = 'ToolRunError';
  constructor(
    message: string,
    /** The conversation so far: the messages given, then every answer, call and result. */
    readonly messages: ChatMessage[],
  ) {
    super(message);
  }
}

/**
 * Calls the model, runs the tools it asks for (in parallel when it asks for several), sends
 * the results back, and repeats until it answers in text. Arguments that are not valid JSON,
 * an unknown tool, or a `run` that throws go back to the model as the tool's result, prefixed
 * `Error:`, so it can correct itself (as the `openai` package does). Iterate the run to watch
 * each step, or await `done()` for the result; `options.signal` aborts it anywhere.
 */
export function runTools(
  client: Comput3,
  params: RunToolsParams,
  options: RequestOptions = {},
): ToolRun {
  return new ToolRun(client, params, options);
}

/** A run of {@link runTools}: iterate it for each step, or await {@link ToolRun.done}. */
export class ToolRun implements AsyncIterable<ToolRunStep> {
  #steps: AsyncGenerator<ToolRunStep, ToolRunResult> | undefined;
  #result: Promise<ToolRunResult> | undefined;

  /** @internal Made by {@link runTools}. */
  constructor(
    private readonly client: Comput3,
    private readonly params: RunToolsParams,
    private readonly options: RequestOptions,
  ) {}

  /** Each step as it happens. A run is iterated once. */
  [Symbol.asyncIterator](): AsyncIterator<ToolRunStep> {
    if (this.#steps) throw new Comput3Error('This run is already under way: a run is read once.');
    const steps = (this.#steps = this.#run());
    let resolve!: (r: ToolRunResult) => void;
    let reject!: (e: unknown) => void;
    this.#result = new Promise((res, rej) => ((resolve = res), (reject = rej)));
    this.#result.catch(() => {}); // reported through the iterator; done() re-throws it
    return {
      next: async () => {
        try {
          const step = await steps.next();
          if (step.done) {
            resolve(step.value);
            return { done: true, value: undefined };
          }
          return step;
        } catch (error) {
          reject(error);
          throw error;
        }
      },
      return: async () => {
        await steps.return(undefined as never);
        reject(new APIUserAbortError('The tool run was stopped before it finished.'));
        return { done: true, value: undefined };
      },
    };
  }

  /** Runs to the end (or waits for the loop reading it) and resolves with the result. */
  async done(): Promise<ToolRunResult> {
    if (!this.#steps) for await (const _ of this);
    return this.#result!;
  }

  /** The final text answer. */
  async finalContent(): Promise<string> {
    return (await this.done()).content;
  }

  async *#run(): AsyncGenerator<ToolRunStep, ToolRunResult> {
    const {
      tools,
      maxRounds = 10,
      maxToolCalls = 128,
      concurrency = 8,
      stream,
      ...rest
    } = this.params;
    for (const [name, value] of Object.entries({ maxRounds, maxToolCalls, concurrency })) {
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new Comput3Error(
          `${name} must be a whole number of at least 1, got ${JSON.stringify(value)}.`,
        );
      }
    }
    const { signal } = this.options;
    const byName = new Map<string, RunnableTool>();
    for (const t of tools) {
      if (byName.has(t.name))
        throw new Comput3Error(
          `Two tools are named "${t.name}": the model could not tell them apart. Rename one (mcpTools takes your tools' names as reserved, and namespaces its own).`,
        );
      byName.set(t.name, t);
    }
    const definitions = tools.map(definitionOf);
    const messages: ChatMessage[] = [...rest.messages];
    validateTools({ ...rest, tools: definitions });
    for (let round = 1; round <= maxRounds; round++) {
      const request = { ...rest, messages, tools: definitions };
      let completion: ChatCompletion;
      if (stream) {
        const answer = await this.client.chat.completions.create(
          { ...request, stream: true },
          this.options,
        );
        for await (const text of answer.text()) yield { type: 'text', round, text };
        completion = await answer.finalCompletion();
      } else {
        completion = await this.client.chat.completions.create(request, this.options);
      }
      yield { type: 'completion', round, completion };
      const message = completion.choices[0]?.message;
      const calls = message?.tool_calls ?? [];
      messages.push({
        role: 'assistant',
        content: message?.content ?? null,
        ...(calls.length ? { tool_calls: calls } : {}),
      });
      if (!calls.length)
        return { content: message?.content ?? '', messages, completion, rounds: round };
      if (calls.length > maxToolCalls) {
        throw new ToolRunError(
          `The model asked for ${calls.length} tool calls in one answer, more than maxToolCalls (${maxToolCalls}); none was run. Raise maxToolCalls if that many are expected.`,
          messages,
        );
      }
      for (const call of calls) yield { type: 'tool_call', round, call };
      const results = await inLanes(calls, concurrency, (call) => callTool(byName, call, signal));
      if (signal?.aborted) throw new APIUserAbortError('The tool run was aborted.');
      for (const [i, call] of calls.entries()) {
        const { content, error } = results[i]!;
        yield { type: 'tool_result', round, call, content, ...(error ? { error } : {}) };
        messages.push({ role: 'tool', tool_call_id: call.id, content });
      }
    }
    throw new ToolRunError(
      `The model was still calling tools after ${maxRounds} rounds: raise maxRounds, or see the error's messages for what it did.`,
      messages,
    );
  }
}

/** `run` over every item, at most `lanes` at once; the results in the items' order. */
async function inLanes<T, R>(
  items: T[],
  lanes: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
  return results;
}
