import { ASKING, BATCHING, CONNECTING, OPTIONS, type FlagName } from './flags.js';

/**
 * Every command, declared once: its usage line, its help, how many words it takes after its
 * name (more is a usage error, never a guess) and the flags it takes besides --help and
 * --version (any other is a usage error that says whose flag it is). The parser, the help and
 * the completions read it.
 */
export const COMMAND_TABLE = {
  chat: {
    usage: 'chat [options]',
    help: 'an interactive conversation (/help inside)',
    words: 0,
    flags: [...ASKING, 'continue', 'conversation', 'save', 'usage', 'stats', ...CONNECTING],
  },
  models: {
    usage: 'models [--remote]',
    help: 'the models (from the spec, or --remote from the API)',
    words: 0,
    flags: ['remote', ...CONNECTING],
  },
  logs: {
    usage: 'logs [-n N | show [ID] | search TERM | rm ID]',
    help: 'saved conversations, newest first (-m MODEL to filter, --json)',
    words: 2,
    actions: ['list', 'show', 'search', 'rm'],
    flags: ['limit', 'model', 'json'],
  },
  roles: {
    usage: 'roles [list | show NAME | edit NAME | rm NAME]',
    help: 'saved roles: Markdown files with front matter in the config folder',
    words: 2,
    actions: ['list', 'show', 'edit', 'rm'],
    flags: [],
  },
  keys: {
    usage: 'keys [status|set|path|remove|token]',
    help: 'store your API key (read without echo) in the OS keychain, or a 0600 file; token pipes it to a program',
    words: 1,
    actions: ['status', 'set', 'path', 'remove', 'token'],
    flags: [],
  },
  config: {
    usage: 'config list|get|set|unset',
    help: 'settings: model, base-url, timeout, retries, proxy, ca-file',
    words: 3,
    actions: ['list', 'get', 'set', 'unset'],
    flags: [],
  },
  completion: {
    usage: 'completion bash|zsh|fish',
    help: 'a shell completion script (see the README to install it)',
    // (and `completion words roles|conversations`, which the scripts call)
    words: 2,
    actions: ['bash', 'zsh', 'fish'],
    flags: [],
  },
  batch: {
    usage: 'batch FILE -o OUT [options] | batch status|results|cancel JOB --redis URL',
    help: 'answer every line of a JSONL file, each once, resumable (--redis: on workers anywhere)',
    words: 2,
    actions: ['status', 'results', 'cancel'],
    flags: [
      'output',
      'template',
      'model',
      'fallback',
      'system',
      'max-tokens',
      'temperature',
      ...BATCHING,
      'json',
      ...CONNECTING,
    ],
  },
  worker: {
    usage: 'worker --redis URL [--concurrency N] [--rpm N]',
    help: 'answer the lines of batches queued on Redis, until stopped (Ctrl-C)',
    words: 0,
    flags: ['redis', 'concurrency', 'rpm', 'tpm', ...CONNECTING],
  },
  mcp: {
    usage: "mcp [list | add NAME 'COMMAND'|URL | remove NAME]",
    help: 'named MCP servers for --mcp, kept in mcp.json in the shape other MCP clients use',
    words: 3,
    actions: ['list', 'add', 'remove'],
    flags: ['json'],
  },
  help: {
    usage: 'help [COMMAND]',
    help: "this help, or one command's (so does COMMAND --help)",
    words: 1,
    flags: [],
  },
} as const satisfies Record<
  string,
  {
    usage: string;
    help: string;
    words: number;
    actions?: readonly string[];
    flags: readonly FlagName[];
  }
>;

export type Command = keyof typeof COMMAND_TABLE;
export const COMMANDS = Object.keys(COMMAND_TABLE) as Command[];

/** A prompt (no command) takes every flag but the ones only a command has. */
const COMMAND_ONLY: readonly FlagName[] = ['remote', 'limit', ...BATCHING];
export const PROMPT_FLAGS = (Object.keys(OPTIONS) as FlagName[]).filter(
  (name) => !COMMAND_ONLY.includes(name),
);
