import { createInterface } from 'node:readline';
import { connect } from '../connect.js';
import type { Options } from '../options.js';
import { paint } from '../render/terminal.js';
import { writerFactory } from '../render/writer.js';
import { HISTORY_SIZE, loadHistory, remember } from './history.js';
import {
  DISABLE_BRACKETED_PASTE,
  ENABLE_BRACKETED_PASTE,
  markNewlines,
  pasteFilter,
  restoreNewlines,
} from './paste.js';
import { sendTurn } from './send.js';
import { chatCommand } from './slash-commands.js';
import { startState } from './state.js';

/**
 * `comput3 chat`: a multi-turn conversation in the terminal, with readline's line editing and
 * history. The parts: state.ts (where the conversation starts), send.ts (one message and its
 * answer), slash-commands.ts (/model, /retry, …), paste.ts and history.ts (the input). Ctrl-C
 * cancels the reply in progress (the request is aborted and the partial answer kept) and
 * returns to the prompt; at an empty prompt it leaves.
 */
export async function runChat(options: Options): Promise<void> {
  const { state, previous } = await startState(options);
  const color = paint(process.stdout);
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
  // --mcp: the servers start with the chat and stop with it.
  if (options.mcp.length) {
    const { startMcp } = await import('../mcp-session.js');
    state.mcp = await startMcp(options.mcp, {
      yes: options.yes,
      signal: new AbortController().signal,
      pause: () => state.pause?.(),
      answered: () => input.forget(),
    });
  }
  process.stdout.write(ENABLE_BRACKETED_PASTE);
  let reply: AbortController | undefined;
  let block: string[] | undefined; // the lines of a """ block being typed
  // readline's own list for the up-arrow (newest first), as it was before a block began.
  const recall = rl as unknown as { history: string[] };
  let recallBefore: string[] = [];
  // The failed message put back on the line, while it is there untouched: a slash command typed
  // over it replaces it (it is still kept for /retry), never runs on the end of it.
  let offered: string | undefined;
  input.prependListener('keypress', (typed: string | undefined) => {
    if (
      typed === '/' &&
      offered !== undefined &&
      rl.line === offered &&
      rl.cursor === offered.length
    ) {
      rl.write(null, { ctrl: true, name: 'u' });
    }
  });

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
      `comput3 chat with ${state.model}${options.role ? ` as ${options.role}` : ''}${connection.offline ? ' (offline mock)' : ''}${previous ? `, continuing ${previous.id}` : ''}. /help for commands.\n`,
    ),
  );
  const prompt = () => {
    rl.setPrompt(block ? color.dim('... ') : color.bold(color.cyan('> ')));
    rl.prompt();
    // What was typed while the answer streamed, now, after the prompt, as if typed here.
    input.release();
  };
  prompt();

  const sending = {
    state,
    connection,
    makeWriter,
    controller(abort: AbortController | undefined) {
      reply = abort;
      // While the answer streams, keys typed are kept, not echoed into it (Ctrl-C still stops
      // it); they are handed to the prompt that follows (`release()` in prompt()).
      if (abort) input.muted = true;
    },
  };
  let offer = false; // put the failed message back on the prompt line, once
  const sendMessage = async (content: string) => {
    state.failed = undefined;
    offer = await sendTurn(sending, content);
  };

  /** What a submitted line asks for: a message to send, a command, or more lines of a block. */
  async function submit(raw: string): Promise<boolean> {
    if (block) {
      if (raw.trim() !== '"""') {
        block.push(restoreNewlines(raw));
        return true;
      }
      const content = block.join('\n').trim();
      block = undefined;
      // Up recalls the whole message, not its lines one by one.
      recall.history = content ? [markNewlines(content), ...recallBefore] : recallBefore;
      if (content) {
        remember(content);
        await sendMessage(content);
      }
      return true;
    }
    const line = restoreNewlines(raw).trim();
    if (line === '"""' || line === '/multi') {
      block = [];
      recallBefore = recall.history.slice(recall.history[0] === raw ? 1 : 0);
      return true;
    }
    if (line) remember(line);
    if (line === '/retry' && state.failed) await sendMessage(state.failed);
    else if (line.startsWith('/') && !line.includes('\n')) return chatCommand(line, state);
    else if (line) await sendMessage(line);
    return true;
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
      offered = offer && state.failed ? markNewlines(state.failed) : undefined;
      if (offered) rl.write(offered);
      offer = false;
    }
  } finally {
    rl.close();
    // Ctrl-D or Ctrl-C leave from the prompt line: give the shell a fresh one.
    process.stdout.write(`${leftByCommand ? '' : '\n'}${DISABLE_BRACKETED_PASTE}`);
    process.stdin.unpipe(input);
    process.stdin.setRawMode(false);
    process.stdin.pause();
    await Promise.all([connection.close(), state.mcp?.close()]);
  }
}
