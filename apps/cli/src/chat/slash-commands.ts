import { existsSync, writeFileSync } from 'node:fs';
import { KNOWN_MODELS, type ChatMessage } from '@comput3/core';
import { CliError } from '../cli-error.js';
import { didYouMean } from '../exit-codes.js';
import { conversationLog, type ConversationLog } from '../storage/conversations.js';
import type { Attached } from '../commands/files.js';
import type { Options } from '../options.js';
import { PASTED_NEWLINE } from './paste.js';
import { statsLine, type TurnStats } from '../stats.js';
import { forName, writeUnguarded } from '../render/safe-output.js';
import { notice } from '../render/notice.js';
import { answeredWith } from '../turn.js';
import type { McpSession } from '../mcp-session.js';

/** What a chat holds between turns; the commands below read and change it. */
export interface ChatState {
  options: Options;
  model: string;
  system: string | undefined;
  temperature: number | undefined;
  maxTokens: number | undefined;
  role: string | undefined;
  history: ChatMessage[];
  log: () => ConversationLog | undefined;
  /** Whether the log still needs the system prompt written first (a new conversation). */
  logSystem: boolean;
  /** Files added with /file (or -f), sent with the next message. */
  files: Attached[];
  lastStats: TurnStats | undefined;
  /** The message that failed, offered again by /retry. */
  failed: string | undefined;
  /** The MCP servers of --mcp, whose tools the model may call. */
  mcp?: McpSession | undefined;
  /** Stops the spinner of the answer under way (before an MCP call is asked for). */
  pause?: (() => void) | undefined;
}

export const CHAT_HELP = `/model [ID]    show or switch the model
/system [TEXT] show or set the system prompt (/system none removes it)
/role [NAME]   use a saved role (comput3 roles list), or show the one in use
/file PATH     add a file (or a folder's text files) to your next message
/retry         send the last failed message again
/copy          copy the last reply to the clipboard (OSC 52: works over SSH)
/save FILE     save the conversation as Markdown
/stats         the last answer's figures again
/tools         the MCP servers of --mcp and their tools
/reset         start a new conversation
/multi         start a multi-line message (so does """ on a line of its own); """ sends it
/exit          leave (so do Ctrl-D, and Ctrl-C at an empty prompt)
Pasted text is one message, however many lines it has (shown with ${PASTED_NEWLINE} for each line end).
Ctrl-C while an answer streams stops it and keeps what arrived.
A message that fails is not added to the conversation: it is offered again at the prompt.`;

/**
 * The conversation as Markdown, each message under a heading naming who said it. The model and
 * system prompt are those each answer was given with: the first in the title, a later change
 * where it happened (a conversation not answered yet: those set now).
 */
function conversationMarkdown(state: ChatState): string {
  const answers = state.history.flatMap((m) => answeredWith.get(m) ?? []);
  const first = answers[0] ?? { model: state.model, system: state.system };
  const parts = [`# comput3 chat with ${first.model}`];
  if (first.system) parts.push(`**System:** ${first.system}`);
  let now = first;
  for (const m of state.history) {
    const said = answeredWith.get(m);
    if (said && said.model !== now.model) parts.push(`*Model: ${said.model}*`);
    if (said && (said.system ?? '') !== (now.system ?? '')) {
      parts.push(said.system ? `**System:** ${said.system}` : '*No system prompt*');
    }
    if (said) now = said;
    parts.push(`## ${m.role === 'user' ? 'You' : m.role === 'assistant' ? 'Assistant' : m.role}`);
    parts.push(m.content ?? '');
  }
  return `${parts.join('\n\n')}\n`;
}

/**
 * Runs one /command: writes what it has to say and resolves to false when the chat should end.
 * Bad input (a role that does not exist, a file that cannot be sent) is one line; the chat
 * goes on.
 */
export async function chatCommand(line: string, state: ChatState): Promise<boolean> {
  const [name] = line.split(/\s+/);
  const arg = line.slice(name!.length).trim();
  const out = (text: string) => void process.stdout.write(`${notice(text, process.stdout)}\n`);
  try {
    switch (name) {
      case '/exit':
      case '/quit':
        return false;
      case '/help':
        out(CHAT_HELP);
        break;
      case '/model': {
        if (arg) state.model = arg;
        const known = (KNOWN_MODELS as readonly string[]).includes(state.model);
        const guess = known ? undefined : didYouMean(state.model);
        // As on the command line: an id the spec does not know is still sent (the list changes),
        // with the known id it is nearest to, if any.
        out(
          known
            ? `model: ${state.model}`
            : `model: ${state.model}. It is not in the spec${guess ? `: did you mean ${guess}?` : '.'} It is sent as given; comput3 models lists the known ids.`,
        );
        break;
      }
      case '/system':
        // The line arrives trimmed, so "/system " cannot say "none": /system none does.
        if (arg) {
          state.system = arg === 'none' ? undefined : arg;
          if (state.system && !state.logSystem)
            state.log()?.add({ role: 'system', content: state.system });
        }
        out(`system: ${state.system ?? '(none)'}`);
        break;
      case '/role': {
        if (!arg) return (out(`role: ${state.role ?? '(none)'}`), true);
        const { loadRole } = await import('../storage/roles.js');
        const role = loadRole(arg);
        state.role = role.name;
        state.system = role.system || undefined;
        if (role.model) state.model = role.model;
        state.temperature = role.temperature ?? state.options.temperature;
        state.maxTokens = role.maxTokens ?? state.options.maxTokens;
        if (state.system && !state.logSystem)
          state.log()?.add({ role: 'system', content: state.system });
        out(
          `role: ${role.name} (model ${state.model}${role.description ? `; ${role.description}` : ''})`,
        );
        break;
      }
      case '/file': {
        if (!arg) {
          out(
            state.files.length
              ? `with your next message: ${state.files.map((f) => f.path).join(', ')}`
              : 'No files added. /file PATH adds one.',
          );
          break;
        }
        const { readAttachments } = await import('../commands/files.js');
        const { files, skipped } = readAttachments([arg]);
        state.files.push(...files);
        out(
          `added ${files.map((f) => f.path).join(', ')}; ${files.length === 1 ? 'it goes' : 'they go'} with your next message.${skipped.length ? ` Not added: ${skipped.join(', ')}.` : ''}`,
        );
        break;
      }
      case '/copy': {
        const last = [...state.history].reverse().find((m) => m.role === 'assistant')?.content;
        if (!last) return (out('Nothing to copy yet.'), true);
        // OSC 52: the terminal itself sets the clipboard, so it works over SSH and in tmux.
        writeUnguarded(process.stdout, `\x1b]52;c;${Buffer.from(last).toString('base64')}\x07`);
        out(`Copied the last reply (${last.length} characters), if your terminal allows OSC 52.`);
        break;
      }
      case '/save': {
        if (!arg) return (out('Usage: /save FILE (Markdown).'), true);
        if (existsSync(arg))
          return (out(`${arg} exists: /save to a new name (nothing was overwritten).`), true);
        writeFileSync(arg, conversationMarkdown(state));
        out(`Saved ${state.history.length} messages to ${arg}.`);
        break;
      }
      case '/stats':
        out(state.lastStats ? statsLine(state.lastStats) : 'No answer yet.');
        break;
      case '/tools': {
        const servers = state.mcp?.servers ?? [];
        if (!servers.length) {
          out(
            'No MCP servers: start the chat with --mcp SERVER (comput3 mcp list has the named ones).',
          );
          break;
        }
        for (const server of servers) {
          const names = state
            .mcp!.tools.filter((t) => t.mcp.server === server.name)
            .map((t) => t.name);
          out(`${server.name}: ${names.length} tools: ${names.map(forName).join(', ')}`);
        }
        out(
          state.options.yes
            ? 'Every call is allowed (--yes).'
            : 'Each call is asked for (y, n, or a for always that tool).',
        );
        break;
      }
      case '/retry':
        if (!state.failed) out('Nothing to retry: no message has failed.');
        break;
      case '/reset':
        state.history = [];
        state.log = conversationLog(state.options.save, undefined, state.model);
        state.logSystem = true;
        out('New conversation.');
        break;
      default:
        out(`Unknown command ${name}. /help lists them.`);
    }
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    out(error.message);
  }
  return true;
}
