import type { ChatCompletion, ChatCompletionRequest, ChatMessage } from '@comput3/core';
import { defaultModel } from './config.js';
import { connect } from './connect.js';
import { ConversationLog, latestConversation, loadConversation } from './conversations.js';
import { CliError } from './exit-codes.js';
import type { Options } from './options.js';
import { spinner } from './terminal.js';

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
  const history: ChatMessage[] =
    previous?.messages.map(({ role, content }) => ({ role, content })) ?? [];
  const added: ChatMessage[] = [];
  if (options.system) added.push({ role: 'system', content: options.system });
  added.push({ role: 'user', content });
  const messages = [...history, ...added];

  const connection = await connect(options);
  const log = options.save
    ? previous
      ? ConversationLog.open(previous.id)
      : ConversationLog.create(model)
    : undefined;
  for (const m of added) log?.add(m);

  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  const out = process.stdout;
  let printed = '';
  const spin = options.json
    ? { stop() {} }
    : spinner(`${model}${connection.offline ? ' (offline)' : ''}`);
  try {
    let completion: ChatCompletion;
    const params = requestParams(options, model);
    if (options.stream) {
      const stream = await connection.client.chat.completions.create(
        {
          ...params,
          messages,
          stream: true,
          ...(options.usage ? { stream_options: { include_usage: true } } : {}),
        },
        { signal: controller.signal },
      );
      for await (const chunk of stream) {
        spin.stop();
        if (options.json) {
          out.write(`${JSON.stringify(chunk)}\n`);
        } else {
          const piece = chunk.choices[0]?.delta.content;
          if (piece) {
            out.write(piece);
            printed += piece;
          }
        }
      }
      completion = await stream.finalCompletion();
    } else {
      completion = await connection.client.chat.completions.create(
        { ...params, messages },
        { signal: controller.signal },
      );
      spin.stop();
      if (options.json) out.write(`${JSON.stringify(completion, null, 2)}\n`);
      else out.write((printed = completion.choices[0]?.message.content ?? ''));
    }
    if (!options.json && !printed.endsWith('\n')) out.write('\n');
    log?.add(
      { role: 'assistant', content: completion.choices[0]?.message.content ?? '' },
      { model },
    );
    if (options.usage) process.stderr.write(`${usageLine(completion)}\n`);
  } catch (error) {
    spin.stop();
    const partial = (error as { partial?: ChatCompletion }).partial?.choices[0]?.message.content;
    if (partial) log?.add({ role: 'assistant', content: partial }, { model, partial: true });
    if (printed && !printed.endsWith('\n')) out.write('\n');
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
    await connection.close();
  }
}
