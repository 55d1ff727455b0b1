import type { KeptMetrics } from '@comput3/core';

/**
 * Conversations, kept in the browser's localStorage under one versioned key. A format change
 * adds a step to MIGRATIONS and bumps VERSION: saved conversations are carried forward, never
 * dropped. Data this page cannot read (written by a newer version, or damaged) is left where it
 * is, copied aside, and the page starts afresh without overwriting it.
 */
/** A reply's figures: the SDK's, under its names, as the page keeps them. */
export type Stats = KeptMetrics;

/** The request a reply answered, as sent: what "View as code" shows. */
export interface SentRequest {
  model: string;
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
  temperature?: number;
  max_tokens?: number;
  /** Offline, Regenerate asks the mock for another sample (the API's `seed`). */
  seed?: number;
}

export interface Reply {
  content: string;
  /** done: complete; stopped: Stop (kept as far as it came); error: failed part-way. */
  state: 'done' | 'stopped' | 'error';
  stats?: Stats;
  request: SentRequest;
  error?: string;
  /** What the model thought before it answered, when it reasoned visibly. */
  reasoning?: string;
  /** How long it thought: from its first thought to its answer's first word (ms). */
  thoughtMs?: number;
}

export type Turn =
  | {
      kind: 'chat';
      user: string;
      failed?: string;
      /** The answer shown, and sent as context afterwards: one of `versions` when there are any. */
      reply?: Reply;
      /** Every answer Regenerate gave this message, oldest first; `reply` is a copy of one. */
      versions?: Reply[];
      /** Which of `versions` is shown (and is `reply`). */
      version?: number;
      /** Set where the message was edited: the other branches from here (branches.ts). */
      fork?: Fork;
    }
  /** One message to several models side by side; not sent as context afterwards. */
  | { kind: 'compare'; user: string; replies: Reply[] };

/** The branches a conversation parts into at one message, but the one shown (branches.ts). */
export interface Fork {
  /** Where the shown branch sits among all of them, oldest first. */
  index: number;
  /** The other branches, oldest first, each from this message on. */
  others: Turn[][];
}

/** What a conversation is sent with; each conversation keeps its own (chat-settings.ts). */
export interface ChatSettings {
  model: string;
  temperature?: number;
  maxTokens?: number;
  /** The system prompt, as typed (empty for none). */
  system: string;
}

export interface Conversation {
  id: string;
  title: string;
  created: number;
  updated: number;
  /** Since version 3; a conversation with no answer yet may have none. */
  settings?: ChatSettings;
  turns: Turn[];
}

export interface Saved {
  version: typeof VERSION;
  conversations: Conversation[];
}

export const KEY = 'comput3-demo';
export const VERSION = 3;

type Migrations = Record<number, (data: any) => any>;

/**
 * Each step takes what version N saved to version N + 1: `2: (data) => ({ ...data, version: 3 …})`
 * when the format next changes.
 */
const MIGRATIONS: Migrations = {
  // 1 → 2: a reply's figures under the SDK's names (ttftMs, totalMs → timeToFirstTokenMs,
  // durationMs), wherever a reply is kept (a chat's versions, a comparison's columns).
  1: (data) => ({
    ...data,
    version: 2,
    conversations: JSON.parse(JSON.stringify(data.conversations), (_key, value) => {
      if (!value || typeof value !== 'object' || !('ttftMs' in value)) return value;
      const { ttftMs, totalMs, ...rest } = value;
      return { ...rest, timeToFirstTokenMs: ttftMs, durationMs: totalMs };
    }),
  }),
  // 2 → 3: each conversation keeps its settings. Those it was last sent with are read back from
  // its last request (the page's settings were shared by every chat until then).
  2: (data) => ({
    ...data,
    version: 3,
    conversations: data.conversations.map((c: Conversation) => {
      const sent = c.turns
        .flatMap((t) => (t.kind === 'chat' ? (t.reply ? [t.reply] : []) : t.replies.slice(0, 1)))
        .at(-1)?.request;
      return sent ? { ...c, settings: settingsFrom(sent) } : c;
    }),
  }),
};

/** The settings a request was sent with. */
function settingsFrom(sent: SentRequest): ChatSettings {
  const system = sent.messages[0]?.role === 'system' ? sent.messages[0].content : '';
  return {
    model: sent.model,
    system,
    ...(sent.temperature !== undefined ? { temperature: sent.temperature } : {}),
    ...(sent.max_tokens !== undefined ? { maxTokens: sent.max_tokens } : {}),
  };
}

/** Brings saved data up to `target`, one step at a time; throws when it cannot. */
export function migrate(data: any, migrations: Migrations = MIGRATIONS, target = VERSION): any {
  if (typeof data?.version !== 'number' || !Array.isArray(data.conversations)) {
    throw new Error('not saved by this page');
  }
  if (data.version > target) throw new Error(`saved by a newer version (${data.version})`);
  while (data.version < target) {
    const step = migrations[data.version];
    if (!step) throw new Error(`no way from version ${data.version}`);
    data = step(data);
  }
  return data;
}

export interface Loaded {
  saved: Saved;
  /** Set when the stored data could not be used: it was kept under this key, untouched. */
  keptAside?: string;
}

export function load(storage: Storage = localStorage): Loaded {
  const raw = storage.getItem(KEY);
  const fresh: Saved = { version: VERSION, conversations: [] };
  if (raw === null) return { saved: fresh };
  try {
    return { saved: migrate(JSON.parse(raw)) as Saved };
  } catch {
    const aside = `${KEY}.unreadable.${Date.now()}`;
    storage.setItem(aside, raw);
    return { saved: fresh, keptAside: aside };
  }
}

export function save(saved: Saved, storage: Storage = localStorage): void {
  storage.setItem(KEY, JSON.stringify(saved));
}

export const newId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** A title from the first message: its first line, cut at a word near 48 characters. */
export function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0]!.replace(/\s+/g, ' ');
  if (line.length <= 48) return line || 'New chat';
  const cut = line.slice(0, 48);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 24 ? cut.lastIndexOf(' ') : 48)}…`;
}

/**
 * What the model is sent as the conversation so far: every chat turn that has an answer (a
 * stopped one counts, as far as it came). Failed turns and Compare turns are never context.
 */
export function history(turns: Turn[]): SentRequest['messages'] {
  return turns.flatMap((t) =>
    t.kind === 'chat' && t.reply && t.reply.content
      ? [
          { role: 'user' as const, content: t.user },
          { role: 'assistant' as const, content: t.reply.content },
        ]
      : [],
  );
}
