import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatMessage } from '@comput3/core';
import { dataDir } from './config.js';
import { CliError, EXIT } from '../cli-error.js';
import { storedStats, type TurnStats } from '../stats.js';

/**
 * Conversations live in one JSON Lines file each, written append-only: every exchange is on
 * disk as soon as it ends (an interrupted one with its partial answer), so Ctrl-C loses
 * nothing that was said. A failed exchange is a `failed` line: kept for the record, never
 * sent to the model again.
 */
type Line =
  | { type: 'start'; id: string; at: string; model: string }
  | { type: 'failed'; at: string; model: string; messages: ChatMessage[]; error: string }
  | {
      type: 'message';
      at: string;
      role: ChatMessage['role'];
      content: string;
      model?: string;
      partial?: true;
      stats?: TurnStats;
      /** A user message's prompt as typed, when the message holds more (piped text, files). */
      typed?: string;
    };

export interface Conversation {
  id: string;
  path: string;
  started: string;
  model: string;
  messages: (ChatMessage & { partial?: true; stats?: TurnStats; typed?: string })[];
  /** Exchanges that failed with no answer; `before` is the index in `messages` they preceded. */
  failed: { at: string; model: string; messages: ChatMessage[]; error: string; before: number }[];
  /** Lines that were skipped, as `FILE:LINE: why`: the rest of the conversation still counts. */
  skipped: string[];
}

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);
const isString = (v: unknown): v is string => typeof v === 'string';

/** What is wrong with a parsed line, or undefined: files are edited, synced and cut by crashes. */
function lineProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const line = value as Record<string, unknown>;
  if (line.type === 'start') return isString(line.model) ? undefined : 'a start with no model';
  if (line.type === 'message') {
    if (!ROLES.has(line.role as string)) return 'a message with no known role';
    if (!isString(line.content)) return 'a message whose content is not text';
    if (line.model !== undefined && !isString(line.model)) return 'a model that is not text';
    return undefined;
  }
  if (line.type === 'failed') {
    const messages = line.messages;
    if (!Array.isArray(messages) || !messages.every((m) => isString(m?.content))) {
      return 'a failed turn whose messages are not text';
    }
    return isString(line.error) ? undefined : 'a failed turn with no error';
  }
  return 'not a line of a conversation';
}

const dir = () => join(dataDir(), 'conversations');
const now = () => new Date().toISOString();

function newId(): string {
  const stamp = now().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${Math.random().toString(16).slice(2, 6)}`;
}

export class ConversationLog {
  /**
   * Lines of a new conversation not written yet: a conversation begins with its first answer,
   * so a first turn that fails (a mistyped model) leaves no conversation for -c to continue.
   */
  #pending: Line[] | undefined;

  private constructor(
    readonly id: string,
    readonly path: string,
  ) {}

  static create(model: string): ConversationLog {
    const id = newId();
    const log = new ConversationLog(id, join(dir(), `${id}.jsonl`));
    log.#pending = [{ type: 'start', id, at: now(), model }];
    return log;
  }

  static open(id: string): ConversationLog {
    const conversation = loadConversation(id);
    return new ConversationLog(conversation.id, conversation.path);
  }

  add(
    message: ChatMessage,
    extra: { model?: string; partial?: true; stats?: TurnStats; typed?: string } = {},
  ): void {
    this.#append({
      type: 'message',
      at: now(),
      role: message.role,
      content: message.content ?? '',
      ...extra,
    });
  }

  /** Records a turn that failed with no answer: its messages stay out of the conversation. */
  addFailure(messages: ChatMessage[], error: string, model: string): void {
    this.#append({ type: 'failed', at: now(), model, messages, error });
  }

  #append(line: Line): void {
    if (this.#pending && !(line.type === 'message' && line.role === 'assistant'))
      return void this.#pending.push(line);
    const lines = [...(this.#pending ?? []), line];
    if (this.#pending) mkdirSync(dir(), { recursive: true, mode: 0o700 });
    this.#pending = undefined;
    appendFileSync(this.path, lines.map((l) => `${JSON.stringify(l)}\n`).join(''), { mode: 0o600 });
  }
}

/** The log a conversation's next turns go to, opened or created on first use; undefined with --no-save. */
export function conversationLog(
  save: boolean,
  id: string | undefined,
  model: string,
): () => ConversationLog | undefined {
  let log: ConversationLog | undefined;
  return () => {
    if (!save) return undefined;
    log ??= id ? ConversationLog.open(id) : ConversationLog.create(model);
    return log;
  };
}

export function loadConversation(id: string): Conversation {
  if (!/^[\w-]+$/.test(id))
    throw new CliError(`"${id}" is not a conversation id: see comput3 logs.`);
  const path = join(dir(), `${id}.jsonl`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`No conversation ${id}: comput3 logs lists them.`);
  }
  const conversation: Conversation = {
    id,
    path,
    started: '',
    model: '',
    messages: [],
    failed: [],
    skipped: [],
  };
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    if (!raw.trim()) return;
    let line: Line;
    try {
      line = JSON.parse(raw) as Line;
    } catch {
      // The last line cut short by a crash is expected: everything before it still counts.
      if (i < lines.length - 2) conversation.skipped.push(`${path}:${i + 1}: not JSON`);
      return;
    }
    const problem = lineProblem(line);
    if (problem) return void conversation.skipped.push(`${path}:${i + 1}: ${problem}`);
    if (line.type === 'start') {
      conversation.started = line.at;
      conversation.model = line.model;
    } else if (line.type === 'message') {
      conversation.messages.push({
        role: line.role,
        content: line.content,
        ...(line.partial ? { partial: true } : {}),
        ...(line.stats ? { stats: storedStats(line.stats) } : {}),
        ...(isString(line.typed) ? { typed: line.typed } : {}),
      });
      if (line.model) conversation.model = line.model;
    } else if (line.type === 'failed') {
      const { at, model, messages, error } = line;
      conversation.failed.push({
        at,
        model,
        messages,
        error,
        before: conversation.messages.length,
      });
    }
  });
  return conversation;
}

/** Deletes a saved conversation; returns its path. */
export function removeConversation(id: string): string {
  const { path } = loadConversation(id); // says clearly when there is no such conversation
  rmSync(path);
  return path;
}

/** Conversation ids, newest first. */
export function listConversations(): string[] {
  let names: string[];
  try {
    names = readdirSync(dir()).filter((n) => n.endsWith('.jsonl'));
  } catch {
    return [];
  }
  return names
    .map((n) => ({ id: n.slice(0, -'.jsonl'.length), mtime: statSync(join(dir(), n)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime || b.id.localeCompare(a.id))
    .map((c) => c.id);
}

export function latestConversation(): string {
  const [latest] = listConversations();
  if (!latest) throw new CliError('There is no conversation to continue yet.', EXIT.usage);
  return latest;
}
