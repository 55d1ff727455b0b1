import {
  listConversations,
  loadConversation,
  removeConversation,
  type Conversation,
} from '../storage/conversations.js';
import { CliError } from '../cli-error.js';
import type { Options } from '../options.js';
import { stripControls } from '../render/safe-output.js';
import { paint } from '../render/terminal.js';

const out = (line = ''): void => void process.stdout.write(`${line}\n`);

/** One line of text, cut to `width` characters. */
const clip = (text: string, width: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
};

/**
 * `comput3 logs [-m MODEL]`, `logs show ID [--json]`, `logs search TERM`, `logs rm ID`.
 * Lists are newest first.
 */
export function runLogs(options: Options): void {
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
    return showConversation(action === 'show' ? (id ?? '') : action, options);
  }
  const conversations = listConversations()
    .map(loadAndWarn)
    .filter((c) => !options.model || c.model === options.model);
  if (options.json) return out(JSON.stringify(conversations, null, 2));
  if (conversations.length === 0) {
    return out(options.model ? `No conversations with ${options.model}.` : 'No conversations yet.');
  }
  for (const c of conversations) {
    const first = c.messages.find((m) => m.role === 'user')?.content ?? '';
    out(stripControls(`${c.id}  ${c.model}  ${c.messages.length} msgs  ${clip(first, 60)}`));
  }
}

/** A conversation, with a line on stderr for each line of its file that had to be skipped. */
function loadAndWarn(id: string): Conversation {
  const conversation = loadConversation(id);
  for (const why of conversation.skipped) process.stderr.write(`comput3: skipped ${why}\n`);
  return conversation;
}

function showConversation(id: string, options: Options): void {
  const conversation = loadAndWarn(id);
  if (options.json) return out(JSON.stringify(conversation, null, 2));
  const color = paint(process.stdout);
  out(
    color.dim(
      stripControls(`${conversation.id} · ${conversation.started} · ${conversation.model}`),
    ),
  );
  const showFailed = (i: number) => {
    for (const f of conversation.failed.filter((f) => f.before === i)) {
      const typed = f.messages.find((m) => m.role === 'user')?.content ?? '';
      out(color.dim(stripControls(`[failed, not sent again: ${f.error}] user: ${typed}`)));
    }
  };
  conversation.messages.forEach((m, i) => {
    showFailed(i);
    const content = stripControls(m.content ?? '');
    out(`${color.bold(`${m.role}:`)} ${content}${m.partial ? color.dim(' [interrupted]') : ''}`);
  });
  showFailed(conversation.messages.length);
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
    out(`${hit.id}  ${stripControls(hit.model)}  ${hit.role}: ${shown}`);
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
