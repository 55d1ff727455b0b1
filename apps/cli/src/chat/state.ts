import { CliError } from '../cli-error.js';
import type { Options } from '../options.js';
import { defaultModel } from '../storage/config.js';
import {
  conversationLog,
  latestConversation,
  loadConversation,
  type Conversation,
} from '../storage/conversations.js';
import type { ChatMessage } from '@comput3/core';
import { answeredWith } from '../turn.js';
import type { ChatState } from './slash-commands.js';

/**
 * A chat's state at its start: a new conversation, or the one -c / --conversation continues
 * (its model, system prompt and messages), with the flags' settings over it.
 */
export async function startState(
  options: Options,
): Promise<{ state: ChatState; previous: Conversation | undefined }> {
  if (options.models.length > 1 && !options.fallback) {
    throw new CliError(
      'comput3 chat talks to one model: give one -m (or switch with /model), or several with --fallback.',
    );
  }
  if (!process.stdin.isTTY) {
    throw new CliError(
      'comput3 chat needs a terminal. To send piped text, use: comput3 "prompt" < file',
    );
  }
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
    history: historyOf(previous),
    log: conversationLog(options.save, previous?.id, model),
    // A new conversation's log starts with its system prompt; a continued one has it already.
    logSystem: !previous,
    files: options.files.length
      ? (await import('../commands/files.js')).readAttachments(options.files).files
      : [],
    lastStats: undefined,
    failed: undefined,
  };
  return { state, previous };
}

/** A saved conversation's messages as the history to go on from, each answer with its model. */
function historyOf(previous: Conversation | undefined): ChatMessage[] {
  const system = previous?.messages.find((m) => m.role === 'system')?.content ?? undefined;
  return (previous?.messages ?? [])
    .filter((m) => m.role !== 'system')
    .map(({ role, content, stats }) => {
      const message: ChatMessage = { role, content };
      const model = stats?.model ?? (role === 'assistant' ? previous!.model : undefined);
      if (model) answeredWith.set(message, { model, ...(system ? { system } : {}) });
      return message;
    });
}
