import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  APIUserAbortError,
  KNOWN_MODELS,
  type ChatCompletion,
  type ChatMessage,
} from '@comput3/core';
import { defaultModel, stateDir } from './config.js';
import { connect } from './connect.js';
import { ConversationLog, latestConversation, loadConversation } from './conversations.js';
import { CliError, describeError } from './exit-codes.js';
import type { Options } from './options.js';
import { requestParams, usageLine } from './prompt.js';
import { paint, spinner } from './terminal.js';

const HISTORY_SIZE = 500;
const historyPath = () => join(stateDir(), 'chat_history');

/** Lines typed in earlier sessions, newest first (as readline wants them). */
function loadHistory(): string[] {
  try {
    return readFileSync(historyPath(), 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(-HISTORY_SIZE)
      .reverse();
  } catch {
    return [];
  }
}

function remember(line: string): void {
  try {
    mkdirSync(stateDir(), { recursive: true, mode: 0o700 });
    appendFileSync(historyPath(), `${line.replace(/\n/g, ' ')}\n`, { mode: 0o600 });
  } catch {
    // History is a convenience: a read-only home must not stop the chat.
  }
}

const HELP = `/model [ID]    show or switch the model
/system [TEXT] show or set the system prompt (empty TEXT removes it)
/reset         start a new conversation
/exit          leave (so do Ctrl-D, and Ctrl-C at an empty prompt)
Ctrl-C while an answer streams stops it and keeps what arrived.`;

/**
 * `comput3 chat`: a multi-turn conversation in the terminal, with readline's line editing and
 * history. Ctrl-C cancels the reply in progress (the request is aborted and the partial answer
 * kept) and returns to the prompt; at an empty prompt it leaves.
 */
export async function runChat(options: Options): Promise<void> {
  if (!process.stdin.isTTY) {
    throw new CliError(
      'comput3 chat needs a terminal. To send piped text, use: comput3 "prompt" < file',
    );
  }
  const color = paint(process.stdout);
  const previousId = options.conversation ?? (options.continue ? latestConversation() : undefined);
  const previous = previousId ? loadConversation(previousId) : undefined;
  let model = options.model ?? previous?.model ?? defaultModel();
  let system = options.system ?? previous?.messages.find((m) => m.role === 'system')?.content;
  let history: ChatMessage[] =
    previous?.messages
      .filter((m) => m.role !== 'system')
      .map(({ role, content }) => ({ role, content })) ?? [];
  let log: ConversationLog | undefined = previous ? ConversationLog.open(previous.id) : undefined;

  const connection = await connect(options);
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
    history: loadHistory(),
    historySize: HISTORY_SIZE,
  });
  let reply: AbortController | undefined;

  rl.on('SIGINT', () => {
    if (reply) reply.abort();
    else if (rl.line === '') rl.close();
    else {
      // Ctrl-C on a half-typed line clears it, as shells do.
      (rl as unknown as { line: string }).line = '';
      process.stdout.write('\n');
      rl.prompt();
    }
  });

  process.stdout.write(
    color.dim(
      `comput3 chat with ${model}${connection.offline ? ' (offline mock)' : ''}${previous ? `, continuing ${previous.id}` : ''}. /help for commands.\n`,
    ),
  );
  rl.setPrompt(color.bold(color.cyan('> ')));
  rl.prompt();

  const ensureLog = () => {
    if (!log && options.save) {
      log = ConversationLog.create(model);
      if (system) log.add({ role: 'system', content: system });
    }
    return log;
  };

  async function send(content: string): Promise<void> {
    const user: ChatMessage = { role: 'user', content };
    history.push(user);
    ensureLog()?.add(user);
    const messages: ChatMessage[] = system
      ? [{ role: 'system', content: system }, ...history]
      : [...history];
    reply = new AbortController();
    const spin = spinner(model);
    let text = '';
    try {
      const stream = await connection.client.chat.completions.create(
        {
          ...requestParams(options, model),
          messages,
          stream: true,
          ...(options.usage ? { stream_options: { include_usage: true } } : {}),
        },
        { signal: reply.signal },
      );
      for await (const piece of stream.text()) {
        spin.stop();
        process.stdout.write(piece);
        text += piece;
      }
      const completion = await stream.finalCompletion();
      process.stdout.write('\n');
      history.push({ role: 'assistant', content: text });
      log?.add({ role: 'assistant', content: text }, { model });
      if (options.usage) process.stderr.write(color.dim(`${usageLine(completion)}\n`));
    } catch (error) {
      spin.stop();
      const partial =
        (error as { partial?: ChatCompletion }).partial?.choices[0]?.message.content ?? text;
      if (partial) {
        history.push({ role: 'assistant', content: partial });
        log?.add({ role: 'assistant', content: partial }, { model, partial: true });
      }
      if (text) process.stdout.write('\n');
      const note = error instanceof APIUserAbortError ? 'stopped' : describeError(error);
      process.stderr.write(`${color.red(`[${note}]`)}\n`);
    } finally {
      reply = undefined;
    }
  }

  function command(line: string): boolean {
    const [name, ...rest] = line.split(/\s+/);
    const arg = line.slice(name!.length).trim();
    switch (name) {
      case '/exit':
      case '/quit':
        return false;
      case '/help':
        process.stdout.write(`${HELP}\n`);
        break;
      case '/model':
        if (arg) model = arg;
        process.stdout.write(
          `model: ${model}${(KNOWN_MODELS as readonly string[]).includes(model) ? '' : ' (not in the spec; the API decides)'}\n`,
        );
        break;
      case '/system':
        if (rest.length || line.includes(' ')) {
          system = arg || undefined;
          if (system) log?.add({ role: 'system', content: system });
        }
        process.stdout.write(`system: ${system ?? '(none)'}\n`);
        break;
      case '/reset':
        history = [];
        log = undefined;
        process.stdout.write('New conversation.\n');
        break;
      default:
        process.stdout.write(`Unknown command ${name}. /help lists them.\n`);
    }
    return true;
  }

  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (line) remember(line);
      if (line.startsWith('/')) {
        if (!command(line)) break;
      } else if (line) {
        // The input stays live while the answer streams, so Ctrl-C can reach rl's SIGINT.
        await send(line);
      }
      rl.prompt();
    }
  } finally {
    rl.close();
    await connection.close();
  }
}
