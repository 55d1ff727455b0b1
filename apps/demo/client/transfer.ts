/**
 * Conversations out of the page and back in: one as Markdown (to read or paste) or JSON (to
 * import again), all of them as one JSON file, and the import of such a file. The JSON is the
 * store's own format under a header naming it, so an export from an older page is brought up
 * to date by the store's migrations. An imported file is outside input: size-capped, parsed,
 * checked field by field; a conversation that is already here (same id) is not added twice.
 */
import { isSettings } from './chat-settings.js';
import { migrate, type Conversation, type Reply, type Turn } from './store.js';

const FORMAT = 'comput3-chat';
/** Larger files are refused before they are read: a chat export is kilobytes, not megabytes. */
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export function asJson(conversations: Conversation[], version: number): string {
  return `${JSON.stringify({ format: FORMAT, version, conversations }, null, 2)}\n`;
}

/** One conversation as Markdown: its settings, then each message under who said it. */
export function asMarkdown(c: Conversation): string {
  const parts = [`# ${c.title}`];
  const s = c.settings;
  if (s) {
    parts.push(
      [
        `- Model: ${s.model}`,
        s.system ? `- System prompt: ${s.system}` : '',
        s.temperature !== undefined ? `- Temperature: ${s.temperature}` : '',
        s.maxTokens !== undefined ? `- Max tokens: ${s.maxTokens}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  }
  const answer = (r: Reply, heading: string) =>
    `${heading}\n\n${r.content}${r.state === 'stopped' ? '\n\n*(stopped)*' : ''}${r.error ? `\n\n*(failed: ${r.error})*` : ''}`;
  for (const t of c.turns) {
    parts.push(`## You\n\n${t.user}`);
    if (t.kind === 'chat' && t.fork) {
      const { index, others } = t.fork;
      parts.push(
        `*(edited: version ${index + 1} of ${others.length + 1}; the others are in the JSON export)*`,
      );
    }
    if (t.kind === 'chat') {
      if (t.reply) parts.push(answer(t.reply, `## Assistant (${t.reply.request.model})`));
      else if (t.failed) parts.push(`*(not answered: ${t.failed})*`);
    } else {
      for (const r of t.replies) parts.push(answer(r, `## ${r.request.model}`));
    }
  }
  return `${parts.join('\n\n')}\n`;
}

/** A file name for a conversation: its title's letters and digits, at most 60. */
export const fileName = (title: string, ext: string) =>
  `${
    title
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'chat'
  }.${ext}`;

/** Saves `text` as a download named `name`. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The conversations in an exported file; throws an Error whose message says what is wrong. */
export async function readExport(file: File): Promise<Conversation[]> {
  if (file.size > MAX_IMPORT_BYTES) {
    throw new Error(
      `${file.name} is ${Math.round(file.size / 1048576)} MB: an export is far smaller, so this is not one.`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(await file.text());
  } catch {
    throw new Error(`${file.name} is not JSON: choose a file saved with Export (JSON).`);
  }
  const d = data as { format?: unknown };
  if (!d || typeof d !== 'object' || d.format !== FORMAT) {
    throw new Error(
      `${file.name} is not a Comput3 chat export: choose a file saved with Export (JSON).`,
    );
  }
  let migrated: { conversations: unknown[] };
  try {
    migrated = migrate(data);
  } catch (error) {
    throw new Error(`${file.name} cannot be read here: ${(error as Error).message}.`, {
      cause: error,
    });
  }
  const bad = migrated.conversations.findIndex((c) => !isConversation(c));
  if (bad !== -1)
    throw new Error(`${file.name}: conversation ${bad + 1} is damaged; nothing was imported.`);
  return migrated.conversations as Conversation[];
}

const isText = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function isReply(v: unknown): v is Reply {
  return (
    isObject(v) &&
    isText(v.content) &&
    ['done', 'stopped', 'error'].includes(v.state as string) &&
    isObject(v.request) &&
    isText(v.request.model) &&
    Array.isArray(v.request.messages)
  );
}

/** Branches inside branches, at most this deep: a file nested deeper is not an export. */
const MAX_FORK_DEPTH = 100;

function isTurns(v: unknown, depth: number): v is Turn[] {
  return Array.isArray(v) && v.every((t) => isTurn(t, depth));
}

function isTurn(v: unknown, depth = 0): v is Turn {
  if (!isObject(v) || !isText(v.user)) return false;
  if (v.kind === 'compare') return Array.isArray(v.replies) && v.replies.every(isReply);
  return (
    v.kind === 'chat' &&
    (v.reply === undefined || isReply(v.reply)) &&
    (v.versions === undefined || (Array.isArray(v.versions) && v.versions.every(isReply))) &&
    (v.fork === undefined || isFork(v.fork, depth + 1))
  );
}

/** Where an edited message parts the conversation (branches.ts). */
function isFork(v: unknown, depth: number): boolean {
  return (
    depth <= MAX_FORK_DEPTH &&
    isObject(v) &&
    Array.isArray(v.others) &&
    Number.isInteger(v.index) &&
    (v.index as number) >= 0 &&
    (v.index as number) <= v.others.length &&
    v.others.every((branch) => isTurns(branch, depth) && branch.length > 0)
  );
}

function isConversation(v: unknown): v is Conversation {
  return (
    isObject(v) &&
    isText(v.id) &&
    /^[\w-]{1,64}$/.test(v.id) &&
    isText(v.title) &&
    typeof v.created === 'number' &&
    typeof v.updated === 'number' &&
    (v.settings === undefined || isSettings(v.settings)) &&
    Array.isArray(v.turns) &&
    isTurns(v.turns, 0)
  );
}
