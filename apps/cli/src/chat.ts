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
import { conversationLog, latestConversation, loadConversation } from './conversations.js';
import { CliError, describeError } from './exit-codes.js';
import type { Options } from './options.js';
import { requestParams, usageLine } from './prompt.js';
import {
  DISABLE_BRACKETED_PASTE,
  ENABLE_BRACKETED_PASTE,
  markNewlines,
  PASTED_NEWLINE,
  pasteFilter,
  restoreNewlines,
} from './paste.js';
import { paint, spinner } from './terminal.js';
import { cutNote, statsLine, type TurnStats } from './stats.js';
import { takeTurn } from './turn.js';

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
/retry         send the last failed message again
/stats         the last answer's figures again
/reset         start a new conversation
/exit          leave (so do Ctrl-D, and Ctrl-C at an empty prompt)
"""            on a line of its own, starts a multi-line message; another """ sends it
Pasted text is one message, however many lines it has (shown with ${PASTED_NEWLINE} for each line end).
Ctrl-C while an answer streams stops it and keeps what arrived.
A message that fails is not added to the conversation: it is offered again at the prompt.`;

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
  let system =
    options.system ?? previous?.messages.find((m) => m.role === 'system')?.content ?? undefined;
  let history: ChatMessage[] =
    previous?.messages
      .filter((m) => m.role !== 'system')
      .map(({ role, content }) => ({ role, content })) ?? [];
  let log = conversationLog(options.save, previous?.id, model);
  // A new conversation's log starts with its system prompt; a continued one has it already.
  let logSystem = !previous;

  const connection = await connect(options);
  // Raw mode is readline's job when it reads the terminal itself; here it reads the paste filter.
  process.stdin.setRawMode(true);
  const input = process.stdin.pipe(pasteFilter());
  const rl = createInterface({
    input,
    output: process.stdout,
    terminal: true,
    history: loadHistory(),
    historySize: HISTORY_SIZE,
  });
  process.stdout.write(ENABLE_BRACKETED_PASTE);
  let reply: AbortController | undefined;
  let failed: string | undefined;
  let lastStats: TurnStats | undefined;
  let offer = false; // put the failed message back on the prompt line, once
  let block: string[] | undefined; // the lines of a """ block being typed

  rl.on('SIGINT', () => {
    if (reply) reply.abort();
    else if (rl.line === '' && !block) rl.close();
    else {
      // Ctrl-C on a half-typed line (or block) clears it, as shells do.
      (rl as unknown as { line: string }).line = '';
      block = undefined;
      process.stdout.write('\n');
      prompt();
    }
  });

  process.stdout.write(
    color.dim(
      `comput3 chat with ${model}${connection.offline ? ' (offline mock)' : ''}${previous ? `, continuing ${previous.id}` : ''}. /help for commands.\n`,
    ),
  );
  const prompt = () => {
    rl.setPrompt(block ? color.dim('... ') : color.bold(color.cyan('> ')));
    rl.prompt();
  };
  prompt();

  async function send(content: string): Promise<void> {
    const turnLog = () => {
      const opened = log();
      if (opened && logSystem && system) opened.add({ role: 'system', content: system });
      logSystem = false;
      return opened;
    };
    reply = new AbortController();
    const spin = spinner(model);
    let text = '';
    try {
      const { completion, stats } = await takeTurn({
        client: connection.client,
        system,
        history,
        added: [{ role: 'user', content }],
        params: requestParams(options, model),
        stream: true,
        usage: options.usage,
        signal: reply.signal,
        log: turnLog,
        onChunk(chunk) {
          const piece = chunk.choices[0]?.delta.content;
          if (!piece) return;
          spin.stop();
          process.stdout.write(piece);
          text += piece;
        },
      }).finally(() => spin.stop());
      process.stdout.write('\n');
      if (options.usage) process.stderr.write(color.dim(`${usageLine(completion)}\n`));
      const note = cutNote(stats);
      if (note) process.stdout.write(`${color.yellow(note)}\n`);
      process.stdout.write(`${color.dim(statsLine(stats))}\n`);
      lastStats = stats;
    } catch (error) {
      if (text) process.stdout.write('\n');
      const kept = Boolean(
        (error as { partial?: ChatCompletion }).partial?.choices[0]?.message.content,
      );
      const note = error instanceof APIUserAbortError ? 'stopped' : describeError(error);
      process.stderr.write(`${color.red(`[${note}]`)}\n`);
      if (!kept) {
        failed = content;
        offer = true;
        process.stderr.write(
          color.dim(
            'Not added to the conversation. Press Enter to send it again, or edit it first.\n',
          ),
        );
      }
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
          if (system && !logSystem) log()?.add({ role: 'system', content: system });
        }
        process.stdout.write(`system: ${system ?? '(none)'}\n`);
        break;
      case '/stats':
        process.stdout.write(`${lastStats ? statsLine(lastStats) : 'No answer yet.'}\n`);
        break;
      case '/retry':
        if (!failed) process.stdout.write('Nothing to retry: no message has failed.\n');
        break;
      case '/reset':
        history = [];
        log = conversationLog(options.save, undefined, model);
        logSystem = true;
        process.stdout.write('New conversation.\n');
        break;
      default:
        process.stdout.write(`Unknown command ${name}. /help lists them.\n`);
    }
    return true;
  }

  /** What a submitted line asks for: a message to send, a command, or more lines of a block. */
  async function submit(raw: string): Promise<boolean> {
    if (block) {
      if (raw.trim() !== '"""') {
        block.push(restoreNewlines(raw));
        return true;
      }
      const content = block.join('\n').trim();
      block = undefined;
      if (content) {
        remember(content);
        await sendMessage(content);
      }
      return true;
    }
    const line = restoreNewlines(raw).trim();
    if (line) remember(line);
    if (line === '"""') block = [];
    else if (line === '/retry' && failed) await sendMessage(failed);
    else if (line.startsWith('/') && !line.includes('\n')) return command(line);
    else if (line) await sendMessage(line);
    return true;
  }

  async function sendMessage(content: string): Promise<void> {
    failed = undefined;
    // The input stays live while the answer streams, so Ctrl-C can reach rl's SIGINT.
    await send(content);
  }

  let leftByCommand = false;
  try {
    for await (const raw of rl) {
      if (!(await submit(raw))) {
        leftByCommand = true;
        break;
      }
      prompt();
      // A failed message is offered again, ready to send or edit.
      if (offer && failed) rl.write(markNewlines(failed));
      offer = false;
    }
  } finally {
    rl.close();
    // Ctrl-D or Ctrl-C leave from the prompt line: give the shell a fresh one.
    process.stdout.write(`${leftByCommand ? '' : '\n'}${DISABLE_BRACKETED_PASTE}`);
    process.stdin.unpipe(input);
    process.stdin.setRawMode(false);
    process.stdin.pause();
    await connection.close();
  }
}
