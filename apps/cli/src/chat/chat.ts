import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { APIUserAbortError, type ChatCompletion } from '@comput3/core';
import { requestParams } from '../commands/user-content.js';
import { chatCommand, type ChatState } from './slash-commands.js';
import { defaultModel, stateDir } from '../storage/config.js';
import { connect } from '../connect.js';
import { conversationLog, latestConversation, loadConversation } from '../storage/conversations.js';
import { CliError, describeError } from '../exit-codes.js';
import type { Options } from '../options.js';
import {
  DISABLE_BRACKETED_PASTE,
  ENABLE_BRACKETED_PASTE,
  markNewlines,
  pasteFilter,
  restoreNewlines,
} from './paste.js';
import { cutNote, statsLine, usageLine } from '../stats.js';
import { paint, spinner } from '../render/terminal.js';
import { takeTurn } from '../turn.js';
import { writerFactory } from '../render/writer.js';

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

/**
 * `comput3 chat`: a multi-turn conversation in the terminal, with readline's line editing and
 * history. Ctrl-C cancels the reply in progress (the request is aborted and the partial answer
 * kept) and returns to the prompt; at an empty prompt it leaves.
 */
export async function runChat(options: Options): Promise<void> {
  if (options.models.length > 1) {
    throw new CliError('comput3 chat talks to one model: give one -m (or switch with /model).');
  }
  if (!process.stdin.isTTY) {
    throw new CliError(
      'comput3 chat needs a terminal. To send piped text, use: comput3 "prompt" < file',
    );
  }
  const color = paint(process.stdout);
  const previousId = options.conversation ?? (options.continue ? latestConversation() : undefined);
  const previous = previousId ? loadConversation(previousId) : undefined;
  const model = options.model ?? previous?.model ?? defaultModel();
  const state: ChatState = {
    options,
    model,
    system:
      options.system ?? previous?.messages.find((m) => m.role === 'system')?.content ?? undefined,
    temperature: options.temperature,
    maxTokens: options.maxTokens,
    role: options.role,
    history:
      previous?.messages
        .filter((m) => m.role !== 'system')
        .map(({ role, content }) => ({ role, content })) ?? [],
    log: conversationLog(options.save, previous?.id, model),
    // A new conversation's log starts with its system prompt; a continued one has it already.
    logSystem: !previous,
    files: options.files.length
      ? (await import('../commands/files.js')).readAttachments(options.files).files
      : [],
    lastStats: undefined,
    failed: undefined,
  };

  const [connection, makeWriter] = await Promise.all([connect(options), writerFactory(options)]);
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
      `comput3 chat with ${model}${options.role ? ` as ${options.role}` : ''}${connection.offline ? ' (offline mock)' : ''}${previous ? `, continuing ${previous.id}` : ''}. /help for commands.\n`,
    ),
  );
  const prompt = () => {
    rl.setPrompt(block ? color.dim('... ') : color.bold(color.cyan('> ')));
    rl.prompt();
  };
  prompt();

  async function send(typed: string): Promise<void> {
    const turnLog = () => {
      const opened = state.log();
      if (opened && state.logSystem && state.system) {
        opened.add({ role: 'system', content: state.system });
      }
      state.logSystem = false;
      return opened;
    };
    // Files added with /file go with this message, under their names.
    const files = state.files.splice(0);
    const content = files.length
      ? `${typed}\n\n${(await import('../commands/files.js')).formatAttachments(files)}`
      : typed;
    reply = new AbortController();
    const spin = spinner(state.model);
    const writer = makeWriter();
    let streamed = false;
    try {
      const { completion, stats } = await takeTurn({
        client: connection.client,
        system: state.system,
        history: state.history,
        added: [{ role: 'user', content }],
        params: requestParams(
          { ...options, temperature: state.temperature, maxTokens: state.maxTokens },
          state.model,
        ),
        stream: true,
        usage: options.usage,
        signal: reply.signal,
        log: turnLog,
        onChunk(chunk) {
          const piece = chunk.choices[0]?.delta.content;
          if (!piece) return;
          spin.stop();
          writer.write(piece);
          streamed = true;
        },
      }).finally(() => spin.stop());
      writer.end();
      if (options.usage) process.stderr.write(color.dim(`${usageLine(completion)}\n`));
      const note = cutNote(stats);
      if (note) process.stdout.write(`${color.yellow(note)}\n`);
      process.stdout.write(`${color.dim(statsLine(stats))}\n`);
      state.lastStats = stats;
    } catch (error) {
      if (streamed) writer.end();
      const kept = Boolean(
        (error as { partial?: ChatCompletion }).partial?.choices[0]?.message.content,
      );
      const note =
        error instanceof APIUserAbortError ? 'stopped' : describeError(error, state.model);
      process.stderr.write(`${color.red(`[${note}]`)}\n`);
      if (!kept) {
        state.failed = typed;
        // The files were not sent: they wait for the message to be sent again.
        state.files.unshift(...files);
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
    if (line === '"""' || line === '/multi') block = [];
    else if (line === '/retry' && state.failed) await sendMessage(state.failed);
    else if (line.startsWith('/') && !line.includes('\n')) return chatCommand(line, state);
    else if (line) await sendMessage(line);
    return true;
  }

  async function sendMessage(content: string): Promise<void> {
    state.failed = undefined;
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
      if (offer && state.failed) rl.write(markNewlines(state.failed));
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
