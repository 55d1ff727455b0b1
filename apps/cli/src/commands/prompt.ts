import type { ChatMessage } from '@comput3/core';
import { requestParams, userContent } from './user-content.js';
import { defaultModel } from '../storage/config.js';
import { connect } from '../connect.js';
import { conversationLog, latestConversation, loadConversation } from '../storage/conversations.js';
import { CliError } from '../cli-error.js';
import type { Options } from '../options.js';
import { cutNote, statsLine, usageLine, type TurnStats } from '../stats.js';
import { paint, quietInput, spinner } from '../render/terminal.js';
import { takeTurn } from '../turn.js';
import { loadSchema } from '../schema.js';
import { answerWriter } from '../render/writer.js';
import { reasoningView } from '../render/reasoning.js';
import type { McpSession } from '../mcp-session.js';

/** `comput3 "prompt"`: one question, the answer streamed to stdout, the exchange saved. */
export async function runPrompt(options: Options): Promise<void> {
  const { content, typed } = await userContent(options);
  if (options.messages && (options.continue || options.conversation)) {
    throw new CliError('--messages is a whole conversation: it does not continue another (-c).');
  }
  const previousId = options.conversation ?? (options.continue ? latestConversation() : undefined);
  const previous = previousId ? loadConversation(previousId) : undefined;
  const model = options.model ?? previous?.model ?? defaultModel();
  const added: ChatMessage[] = [];
  if (options.system) added.push({ role: 'system', content: options.system });
  if (options.messages) added.push(...options.messages);
  if (content) added.push({ role: 'user', content });
  if (added.at(-1)?.role !== 'user') {
    throw new CliError(
      '--messages ends with an answer: add a prompt, or end the array with a user message.',
    );
  }

  const schema = await loadSchema(options.schema);
  const [connection, writer] = await Promise.all([connect(options), answerWriter(options)]);
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  // Keys typed while the answer streams stay out of it (Ctrl-C still stops it).
  const restoreInput = quietInput(interrupt);
  const out = process.stdout;
  const spin = options.json
    ? { stop() {}, say() {} }
    : spinner(`${model}${connection.offline ? ' (offline)' : ''}`);
  const thinking = reasoningView(options.reasoning, spin, model);
  // --json with tools prints the final answer whole: a tool run's chunks are not one stream.
  const streamed = options.stream && !options.schema && !(options.json && options.mcp.length);
  // --mcp: the servers start before the question is sent, and stop with the command.
  let mcp: McpSession | undefined;
  try {
    if (options.mcp.length) {
      const { startMcp } = await import('../mcp-session.js');
      mcp = await startMcp(options.mcp, {
        yes: options.yes,
        signal: controller.signal,
        pause: spin.stop,
      });
    }
    const { completion, stats } = await takeTurn({
      client: connection.client,
      history: previous?.messages.map(({ role, content }) => ({ role, content })) ?? [],
      added,
      typed,
      params: requestParams(options, model),
      fallback: options.fallback ? options.models.slice(1) : undefined,
      hedge: options.hedge,
      stream: streamed,
      tools: mcp?.tools,
      onToolStep: mcp?.show,
      askedMs: mcp?.askedMs,
      onText(text) {
        if (options.json) return;
        spin.stop();
        writer.write(text);
      },
      schema,
      usage: options.usage,
      signal: controller.signal,
      log: conversationLog(options.save, previous?.id, model),
      onChunk(chunk) {
        if (options.json) {
          spin.stop();
          return void out.write(`${JSON.stringify(chunk)}\n`);
        }
        const delta = chunk.choices[0]?.delta;
        if (delta?.reasoning_content) thinking.write(delta.reasoning_content);
        if (!delta?.content) return;
        thinking.done();
        spin.stop();
        writer.write(delta.content);
      },
    });
    // Not streamed: the reasoning, whole, before the answer.
    const thought = completion.choices[0]?.message.reasoning_content;
    if (!options.json && !streamed && thought) thinking.write(thought);
    thinking.done();
    spin.stop();
    const text = completion.choices[0]?.message.content ?? '';
    if (options.json) {
      out.write(
        streamed
          ? `${JSON.stringify({ object: 'comput3.stats', ...stats })}\n`
          : `${JSON.stringify({ ...completion, comput3_stats: stats }, null, 2)}\n`,
      );
    } else if (options.schema) {
      // Checked against the schema already: printed as formatted JSON, never rendered.
      out.write(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    } else if (!streamed) writer.write(text);
    writer.end();
    if (options.usage) process.stderr.write(`${usageLine(completion)}\n`);
    reportStats(options, stats);
  } catch (error) {
    spin.stop();
    writer.end();
    throw error;
  } finally {
    restoreInput();
    process.off('SIGINT', interrupt);
    await Promise.all([connection.close(), mcp?.close()]);
  }
}

/**
 * After an answer, on stderr: a note when max_tokens cut it, and the figures (on a terminal
 * always, dim; elsewhere with --stats), so stdout keeps only the answer.
 */
export function reportStats(options: Pick<Options, 'json' | 'stats'>, stats: TurnStats): void {
  const err = paint(process.stderr);
  const note = options.json ? undefined : cutNote(stats);
  if (note) process.stderr.write(`${err.yellow(note)}\n`);
  if (options.stats || (!options.json && process.stdout.isTTY && process.stderr.isTTY)) {
    process.stderr.write(
      `${err.dim(statsLine(stats, process.stderr.isTTY ? process.stderr.columns : undefined))}\n`,
    );
  }
}
