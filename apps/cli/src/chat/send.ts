import { APIUserAbortError, type StreamEnding } from '@comput3/core';
import { requestParams } from '../commands/user-content.js';
import type { Connection } from '../connect.js';
import { describeError } from '../exit-codes.js';
import { notice } from '../render/notice.js';
import { paint, spinner } from '../render/terminal.js';
import type { Writer } from '../render/writer.js';
import { reasoningView } from '../render/reasoning.js';
import { cutNote, statsLine, usageLine } from '../stats.js';
import { takeTurn } from '../turn.js';
import type { ChatState } from './slash-commands.js';

/** What sending needs from the chat around it. */
export interface Sending {
  state: ChatState;
  connection: Connection;
  makeWriter: () => Writer;
  /** Set while the answer streams, so Ctrl-C (in chat.ts) can stop it. */
  controller(abort: AbortController | undefined): void;
}

/**
 * Sends one message and streams its answer, then its figures. A failure is one line; when no
 * answer came, the message stays out of the conversation and is offered again (resolves true).
 */
export async function sendTurn(chat: Sending, typed: string): Promise<boolean> {
  const { state, connection } = chat;
  const { options } = state;
  const color = paint(process.stdout);
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
  const abort = new AbortController();
  chat.controller(abort);
  const spin = spinner(state.model);
  state.pause = spin.stop;
  const writer = chat.makeWriter();
  // In chat the conversation is on stdout: the reasoning (or how long it took) goes there too.
  const thinking = reasoningView(options.reasoning, spin, state.model, process.stdout);
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
      // --fallback: the models after the first, for as long as the first is the chat's model.
      fallback:
        options.fallback && state.model === options.models[0] ? options.models.slice(1) : undefined,
      hedge: options.hedge,
      stream: true,
      tools: state.mcp?.tools,
      onToolStep: state.mcp?.show,
      askedMs: state.mcp?.askedMs,
      onText(text) {
        thinking.done();
        spin.stop();
        writer.write(text);
        streamed = true;
      },
      usage: options.usage,
      signal: abort.signal,
      log: turnLog,
      onChunk(chunk) {
        const delta = chunk.choices[0]?.delta;
        if (delta?.reasoning_content) thinking.write(delta.reasoning_content);
        const piece = delta?.content;
        if (!piece) return;
        thinking.done();
        spin.stop();
        writer.write(piece);
        streamed = true;
      },
    }).finally(() => {
      thinking.done();
      spin.stop();
    });
    writer.end();
    if (options.usage) process.stderr.write(color.dim(`${usageLine(completion)}\n`));
    const note = cutNote(stats);
    if (note) process.stdout.write(`${color.yellow(note)}\n`);
    process.stdout.write(`${color.dim(statsLine(stats, process.stdout.columns))}\n`);
    state.lastStats = stats;
    return false;
  } catch (error) {
    if (streamed) writer.end();
    const kept = Boolean((error as StreamEnding).partial?.choices[0]?.message.content);
    const note = error instanceof APIUserAbortError ? 'stopped' : describeError(error, state.model);
    process.stderr.write(`${color.red(notice(`[${note}]`, process.stderr))}\n`);
    if (kept) return false;
    state.failed = typed;
    // The files were not sent: they wait for the message to be sent again.
    state.files.unshift(...files);
    process.stderr.write(
      `${color.dim(notice('Not added to the conversation. Press Enter to send it again, edit it, or type a /command over it.', process.stderr))}\n`,
    );
    return true;
  } finally {
    chat.controller(undefined);
  }
}
