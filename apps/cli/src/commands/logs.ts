import {
  latestConversation,
  listConversations,
  loadConversation,
  removeConversation,
  type Conversation,
} from '../storage/conversations.js';
import { CliError } from '../cli-error.js';
import type { Options } from '../options.js';
import { forName, stripControls } from '../render/safe-output.js';
import { paint } from '../render/terminal.js';
import { statsLine } from '../stats.js';

const out = (line = ''): void => void process.stdout.write(`${line}\n`);

/** One line of text, cut to `width` characters. */
const clip = (text: string, width: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
};

/**
 * `comput3 logs [-n N] [-m MODEL]`, `logs show [ID] [--json]`, `logs search TERM`,
 * `logs rm ID`. Lists are newest first.
 */
export async function runLogs(options: Options): Promise<void> {
  const [action, id] = options.args;
  if (action === 'rm') {
    if (!id) throw new CliError('Usage: comput3 logs rm ID (comput3 logs lists the ids).');
    return out(`Deleted ${removeConversation(id)}.`);
  }
  if (action === 'search') {
    if (!id) throw new CliError('Usage: comput3 logs search TERM');
    return searchLogs(id, options);
  }
  if (action === 'show' || (action && action !== 'list')) {
    if (action !== 'show' && id)
      throw new CliError(`Unknown logs action "${action}": use show, search or rm.`);
    // Without an id, the latest: what you were just doing.
    const which = action === 'show' ? (id ?? latestConversation()) : action;
    return showConversation(which, options);
  }
  listLogs(options);
}

/** The list: one aligned row per conversation, the newest `-n` (default 20). */
function listLogs(options: Options): void {
  const limit = options.limit ?? 20;
  const ids = listConversations();
  const conversations = (options.model ? ids : ids.slice(0, limit || undefined))
    .map(loadAndWarn)
    .filter((c) => !options.model || c.model === options.model);
  const shown = limit ? conversations.slice(0, limit) : conversations;
  if (options.json) return out(JSON.stringify(shown, null, 2));
  if (shown.length === 0) {
    return out(options.model ? `No conversations with ${options.model}.` : 'No conversations yet.');
  }
  const color = paint(process.stdout);
  const rows = shown.map((c) => ({
    id: forName(c.id),
    when: when(c.started),
    model: forName(c.model),
    turns: `${c.messages.filter((m) => m.role === 'user').length}`,
    // What the person typed, not the piped text or files it came with.
    first: ((m) => m?.typed ?? m?.content ?? '')(c.messages.find((m) => m.role === 'user')),
  }));
  const width = (key: 'id' | 'when' | 'model' | 'turns') =>
    Math.max(...rows.map((r) => r[key].length), key === 'turns' ? 5 : 0);
  const [wId, wWhen, wModel, wTurns] = [width('id'), width('when'), width('model'), width('turns')];
  const used = wId + wWhen + wModel + wTurns + 8;
  const room = Math.max(20, (process.stdout.columns || 100) - used);
  out(
    color.dim(
      `${'ID'.padEnd(wId)}  ${'STARTED'.padEnd(wWhen)}  ${'MODEL'.padEnd(wModel)}  ${'TURNS'.padStart(wTurns)}  FIRST MESSAGE`,
    ),
  );
  for (const r of rows) {
    out(
      `${r.id.padEnd(wId)}  ${r.when.padEnd(wWhen)}  ${r.model.padEnd(wModel)}  ${r.turns.padStart(wTurns)}  ${stripControls(clip(r.first, room))}`,
    );
  }
  const more = options.model ? 0 : ids.length - shown.length;
  if (more > 0)
    out(color.dim(`… and ${more} more: comput3 logs -n ${shown.length + more} shows them all.`));
}

/** `2026-12-03 09:41`, in local time, from the ISO time a log keeps. */
function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '?';
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** A conversation, with a line on stderr for each line of its file that had to be skipped. */
function loadAndWarn(id: string): Conversation {
  const conversation = loadConversation(id);
  for (const why of conversation.skipped) process.stderr.write(`comput3: skipped ${why}\n`);
  return conversation;
}

/**
 * A conversation as it went: each exchange under a rule, answers drawn as Markdown on a
 * terminal (as they were when they came), the raw text when piped. A failed attempt is one
 * line, with the message it tried only when that was not sent again right after.
 */
async function showConversation(id: string, options: Options): Promise<void> {
  const conversation = loadAndWarn(id);
  if (options.json) return out(JSON.stringify(conversation, null, 2));
  const color = paint(process.stdout);
  const tty = process.stdout.isTTY === true;
  const rule = color.dim('─'.repeat(Math.min(process.stdout.columns || 80, 80)));
  out(
    color.bold(
      stripControls(`${conversation.id} · ${when(conversation.started)} · ${conversation.model}`),
    ),
  );
  const { messages } = conversation;
  const showFailed = (i: number) => {
    for (const f of conversation.failed.filter((f) => f.before === i)) {
      const typed = f.messages.find((m) => m.role === 'user')?.content ?? '';
      const retried = messages[i]?.role === 'user' && messages[i]?.content === typed;
      out(
        color.red(
          stripControls(
            `✗ failed, not sent again: ${f.error}${retried ? ' (sent again below)' : `\n  you: ${typed}`}`,
          ),
        ),
      );
    }
  };
  for (const [i, m] of messages.entries()) {
    showFailed(i);
    const content = m.content ?? '';
    if (m.role === 'user') {
      out(rule);
      out(`${color.bold('you:')} ${stripControls(content)}`);
    } else if (m.role === 'system') {
      out(color.dim(stripControls(`system: ${content}`)));
    } else {
      out(
        color.cyan(`${m.role === 'assistant' ? (m.stats?.model ?? conversation.model) : m.role}:`),
      );
      await writeAnswer(content, tty && m.role === 'assistant');
      if (m.partial) out(color.dim('[interrupted]'));
      if (m.stats)
        out(
          color.dim(
            stripControls(
              statsLine(m.stats, process.stdout.isTTY ? process.stdout.columns : undefined),
            ),
          ),
        );
    }
  }
  showFailed(messages.length);
}

/** An answer as the prompt draws it: Markdown on a terminal, its text when piped. */
async function writeAnswer(text: string, render: boolean): Promise<void> {
  if (!render) return out(stripControls(text));
  const { markdownWriter } = await import('../render/markdown.js');
  const writer = markdownWriter(process.stdout);
  await writer.highlighting;
  writer.write(text);
  writer.end();
}

/** Every message that mentions `term` (any case), newest conversation first, with its context. */
function searchLogs(term: string, options: Options): void {
  const needle = term.toLowerCase();
  const color = paint(process.stdout);
  const hits: { id: string; model: string; role: string; content: string }[] = [];
  for (const id of listConversations()) {
    const c = loadAndWarn(id);
    if (options.model && c.model !== options.model) continue;
    for (const m of c.messages) {
      if (m.content?.toLowerCase().includes(needle))
        hits.push({ id, model: c.model, role: m.role, content: m.content });
    }
  }
  if (options.json) return out(JSON.stringify(hits, null, 2));
  if (!hits.length) return out(`Nothing mentions "${term}".`);
  for (const hit of hits) {
    const at = hit.content.toLowerCase().indexOf(needle);
    const from = Math.max(0, at - 30);
    const context = stripControls(
      `${from ? '…' : ''}${hit.content.slice(from, at + needle.length + 50)}`,
    );
    const shown = clip(context, 100).replace(new RegExp(escapeRegExp(term), 'ig'), (m) =>
      color.bold(m),
    );
    out(`${forName(hit.id)}  ${forName(hit.model)}  ${hit.role}: ${shown}`);
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
