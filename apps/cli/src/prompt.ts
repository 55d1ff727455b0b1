import type { ChatCompletion, ChatCompletionRequest, ChatMessage } from '@comput3/core';
import { defaultModel } from './config.js';
import { connect } from './connect.js';
import { conversationLog, latestConversation, loadConversation } from './conversations.js';
import { CliError } from './exit-codes.js';
import type { Options } from './options.js';
import { cutNote, statsLine } from './stats.js';
import { paint, spinner } from './terminal.js';
import { takeTurn } from './turn.js';

async function readStdin(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of process.stdin as AsyncIterable<Buffer>) parts.push(part);
  return Buffer.concat(parts).toString('utf8');
}

/** What a request needs from the flags, beside the messages. */
export function requestParams(
  options: Options,
  model: string,
): Omit<ChatCompletionRequest, 'messages' | 'stream' | 'stream_options'> {
  return {
    model,
    ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
  };
}

export function usageLine(completion: ChatCompletion): string {
  const u = completion.usage;
  return u
    ? `tokens: ${u.prompt_tokens} prompt + ${u.completion_tokens} completion = ${u.total_tokens}`
    : 'tokens: the API sent no usage';
}

/** `comput3 "prompt"`: one question, the answer streamed to stdout, the exchange saved. */
export async function runPrompt(options: Options): Promise<void> {
  const piped = process.stdin.isTTY ? '' : (await readStdin()).trimEnd();
  const prompt = options.args.join(' ').trim();
  const content = [piped, prompt].filter(Boolean).join('\n\n');
  if (!content)
    throw new CliError(
      'Nothing to ask: give a prompt, as in comput3 "hello", or pipe text in. See comput3 --help.',
    );

  const previousId = options.conversation ?? (options.continue ? latestConversation() : undefined);
  const previous = previousId ? loadConversation(previousId) : undefined;
  const model = options.model ?? previous?.model ?? defaultModel();
  const added: ChatMessage[] = [];
  if (options.system) added.push({ role: 'system', content: options.system });
  added.push({ role: 'user', content });

  const connection = await connect(options);
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  const out = process.stdout;
  let printed = '';
  const spin = options.json
    ? { stop() {} }
    : spinner(`${model}${connection.offline ? ' (offline)' : ''}`);
  try {
    const { completion, stats } = await takeTurn({
      client: connection.client,
      history: previous?.messages.map(({ role, content }) => ({ role, content })) ?? [],
      added,
      params: requestParams(options, model),
      stream: options.stream && !options.schema,
      schema: options.schema,
      usage: options.usage,
      signal: controller.signal,
      log: conversationLog(options.save, previous?.id, model),
      onChunk(chunk) {
        spin.stop();
        if (options.json) return void out.write(`${JSON.stringify(chunk)}\n`);
        const piece = chunk.choices[0]?.delta.content;
        if (piece) {
          out.write(piece);
          printed += piece;
        }
      },
    });
    spin.stop();
    if (options.schema && !options.json) {
      // Checked against the schema already: printed as formatted JSON.
      out.write(
        (printed = JSON.stringify(
          JSON.parse(completion.choices[0]?.message.content ?? ''),
          null,
          2,
        )),
      );
    } else if (!options.stream || options.schema) {
      if (options.json)
        out.write(`${JSON.stringify({ ...completion, comput3_stats: stats }, null, 2)}\n`);
      else out.write((printed = completion.choices[0]?.message.content ?? ''));
    } else if (options.json) {
      out.write(`${JSON.stringify({ object: 'comput3.stats', ...stats })}\n`);
    }
    if (!options.json && !printed.endsWith('\n')) out.write('\n');
    if (options.usage) process.stderr.write(`${usageLine(completion)}\n`);
    // The figures: on a terminal always (dim), elsewhere with --stats; stdout keeps the answer.
    const err = paint(process.stderr);
    const note = options.json ? undefined : cutNote(stats);
    if (note) process.stderr.write(`${err.yellow(note)}\n`);
    if (options.stats || (!options.json && process.stdout.isTTY && process.stderr.isTTY)) {
      process.stderr.write(`${err.dim(statsLine(stats))}\n`);
    }
  } catch (error) {
    spin.stop();
    if (printed && !printed.endsWith('\n')) out.write('\n');
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
    await connection.close();
  }
}
