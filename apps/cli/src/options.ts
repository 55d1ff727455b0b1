import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliError } from './cli-error.js';

/**
 * Every flag, declared once: the parser, the help text and the shell completions all read this
 * table. `arg` names the value in the help; a flag without it is a switch.
 */
export const OPTIONS = {
  model: {
    type: 'string',
    short: 'm',
    multiple: true,
    arg: 'ID',
    help: 'model to use (default: config, else hermes4:70b); repeat it to ask several models at once',
  },
  system: { type: 'string', short: 's', arg: 'TEXT', help: 'system prompt' },
  role: {
    type: 'string',
    short: 'r',
    arg: 'NAME',
    help: 'use a saved role: its system prompt, and its model and settings unless flags say otherwise',
  },
  file: {
    type: 'string',
    short: 'f',
    multiple: true,
    arg: 'PATH',
    help: 'add a text file to the prompt, under its name (repeatable; a folder adds its text files)',
  },
  'max-tokens': { type: 'string', arg: 'N', help: 'most tokens to generate' },
  temperature: { type: 'string', arg: 'T', help: 'sampling temperature, 0 to 2' },
  stream: {
    type: 'boolean',
    default: true,
    negatable: true,
    help: 'wait for the whole answer instead of streaming it',
  },
  raw: {
    type: 'boolean',
    default: false,
    help: "print the model's bytes as they are, without rendering Markdown (always so when piped)",
  },
  messages: {
    type: 'string',
    arg: 'FILE|JSON',
    help: 'send this conversation, a JSON array of {role, content}, before the prompt (if any): the request exactly as the API takes it',
  },
  schema: {
    type: 'string',
    arg: 'FILE|JSON',
    help: 'answer with JSON that fits this JSON Schema, checked before it is printed (exit 2 with the reason when it does not fit)',
  },
  json: {
    type: 'boolean',
    default: false,
    help: 'print the ChatCompletion as JSON (NDJSON chunks when streaming; each line has its model)',
  },
  usage: { type: 'boolean', default: false, help: 'print token usage on stderr' },
  stats: {
    type: 'boolean',
    default: false,
    help: "print the answer's figures on stderr (model, time to first token, tokens/s, tokens, request id) and the tokens -f adds; a terminal shows the figures anyway",
  },
  continue: {
    type: 'boolean',
    short: 'c',
    default: false,
    help: 'continue the last conversation',
  },
  conversation: { type: 'string', arg: 'ID', help: 'continue that conversation' },
  save: { type: 'boolean', default: true, negatable: true, help: 'do not save this exchange' },
  'base-url': {
    type: 'string',
    arg: 'URL',
    help: 'API base URL (default: config, else COMPUT3_BASE_URL, else https://api.comput3.ai/v1)',
  },
  timeout: {
    type: 'string',
    arg: 'SECONDS',
    help: 'give up when the API is silent this long (default 600)',
  },
  retries: {
    type: 'string',
    arg: 'N',
    help: 'retries on connection errors, 408, 409, 429, 5xx (default 2)',
  },
  offline: {
    type: 'boolean',
    default: false,
    help: 'answer from a built-in mock server: no key, no network',
  },
  proxy: {
    type: 'string',
    arg: 'URL',
    help: 'send requests through this HTTP(S) proxy (default: config, else HTTPS_PROXY / HTTP_PROXY; NO_PROXY lists hosts to reach directly)',
  },
  'ca-file': {
    type: 'string',
    arg: 'PEM',
    help: 'also trust these certificate authorities (default: config; NODE_EXTRA_CA_CERTS is always honoured)',
  },
  remote: {
    type: 'boolean',
    default: false,
    help: "models: ask the API for its list instead of reading the spec's",
  },
  limit: {
    type: 'string',
    short: 'n',
    arg: 'N',
    help: 'logs: how many conversations to list (default 20; 0 lists them all)',
  },
  help: { type: 'boolean', short: 'h', default: false, help: 'this help' },
  version: { type: 'boolean', short: 'v', default: false, help: 'the version' },
} as const satisfies Record<string, Flag>;

interface Flag {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: boolean;
  /** A boolean that is on by default and turned off with --no-NAME; `help` describes --no-NAME. */
  negatable?: boolean;
  arg?: string;
  help: string;
}

/**
 * Every command, declared once: its usage line, its help and how many words it takes after its
 * name (more is a usage error, never a guess). The parser, the help and the completions read it.
 */
export const COMMAND_TABLE = {
  chat: { usage: 'chat [options]', help: 'an interactive conversation (/help inside)', words: 0 },
  models: {
    usage: 'models [--remote]',
    help: 'the models (from the spec, or --remote from the API)',
    words: 0,
  },
  logs: {
    usage: 'logs [-n N | show [ID] | search TERM | rm ID]',
    help: 'saved conversations, newest first (-m MODEL to filter, --json)',
    words: 2,
    actions: ['list', 'show', 'search', 'rm'],
  },
  roles: {
    usage: 'roles [list | show NAME | edit NAME | rm NAME]',
    help: 'saved roles: Markdown files with front matter in the config folder',
    words: 2,
    actions: ['list', 'show', 'edit', 'rm'],
  },
  keys: {
    usage: 'keys [status|set|path|remove]',
    help: 'store your API key (read without echo) in the OS keychain, or a 0600 file',
    words: 1,
    actions: ['status', 'set', 'path', 'remove'],
  },
  config: {
    usage: 'config list|get|set|unset',
    help: 'settings: model, base-url, timeout, retries, proxy, ca-file',
    words: 3,
    actions: ['list', 'get', 'set', 'unset'],
  },
  completion: {
    usage: 'completion bash|zsh|fish',
    help: 'a shell completion script (see the README to install it)',
    // (and `completion words roles|conversations`, which the scripts call)
    words: 2,
    actions: ['bash', 'zsh', 'fish'],
  },
  help: {
    usage: 'help [COMMAND]',
    help: "this help, or one command's (so does COMMAND --help)",
    words: 1,
  },
} as const satisfies Record<
  string,
  { usage: string; help: string; words: number; actions?: readonly string[] }
>;

export type Command = keyof typeof COMMAND_TABLE;
export const COMMANDS = Object.keys(COMMAND_TABLE) as Command[];

export interface Options {
  command: Command | undefined;
  /** Positionals after the command (or the prompt words when there is no command). */
  args: string[];
  /** Every -m given, in order; empty when none was. */
  models: string[];
  /** The first -m: the model of a single-model command. */
  model: string | undefined;
  system: string | undefined;
  maxTokens: number | undefined;
  temperature: number | undefined;
  role: string | undefined;
  files: string[];
  raw: boolean;
  stream: boolean;
  json: boolean;
  usage: boolean;
  stats: boolean;
  continue: boolean;
  conversation: string | undefined;
  save: boolean;
  baseURL: string | undefined;
  /** Milliseconds. */
  timeout: number | undefined;
  retries: number | undefined;
  offline: boolean;
  /** A conversation to send whole (--messages). */
  messages: Message[] | undefined;
  /** A JSON Schema the answer must fit (--schema). */
  schema: Record<string, unknown> | undefined;
  proxy: string | undefined;
  caFile: string | undefined;
  remote: boolean;
  /** logs -n: how many to list. */
  limit: number | undefined;
  help: boolean;
  version: boolean;
}

function number(
  flag: string,
  value: string | undefined,
  check: (n: number) => boolean,
  what: string,
) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) {
    throw new CliError(`--${flag} must be ${what}, got "${value}".`);
  }
  return n;
}

/** --schema and --messages take JSON text or a file of it; one clear line when it is neither. */
function readJson(flag: string, value: string, example: string): unknown {
  const inline = /^\s*[[{]/.test(value);
  let text = value;
  if (!inline) {
    try {
      text = readFileSync(value, 'utf8');
    } catch (error) {
      throw new CliError(
        `--${flag} ${value}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read it'}. Give a file of JSON, or the JSON itself, as in ${example}.`,
      );
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `--${flag}${inline ? '' : ` ${value}`} is not valid JSON: ${(error as Error).message}.`,
    );
  }
}

function readSchema(value: string): Record<string, unknown> {
  const schema = readJson('schema', value, '{"type": "object", …}');
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new CliError(
      '--schema must be a JSON Schema object, such as {"type": "object", "properties": {…}}.',
    );
  }
  return schema as Record<string, unknown>;
}

type Message = { role: 'system' | 'user' | 'assistant'; content: string };

/** --messages: a whole conversation to send, as the API takes it (what the demo's code view shows). */
function readMessages(value: string): Message[] {
  const example = '[{"role": "user", "content": "hi"}]';
  const messages = readJson('messages', value, example);
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new CliError(`--messages must be a JSON array of messages, such as ${example}.`);
  }
  messages.forEach((m, i) => {
    if (
      typeof m !== 'object' ||
      m === null ||
      !['system', 'user', 'assistant'].includes(m.role) ||
      typeof m.content !== 'string'
    ) {
      throw new CliError(
        `--messages: message ${i} must be {"role": "system" | "user" | "assistant", "content": "…"}.`,
      );
    }
  });
  return messages.map(({ role, content }) => ({ role, content }));
}

export function parseOptions(argv: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      allowNegative: true,
      tokens: true,
    });
  } catch (error) {
    throw new CliError(argsProblem(error as Error & { code?: string }, argv));
  }
  const { values, positionals, tokens } = parsed;
  // A first word that names a command is the command, unless it came after `--`.
  const terminator = tokens.findIndex((t) => t.kind === 'option-terminator');
  const first = tokens.find((t) => t.kind === 'positional');
  const isCommand =
    first !== undefined &&
    (terminator === -1 || first.index < terminator) &&
    (COMMANDS as readonly string[]).includes(first.value);
  const command = isCommand ? (first.value as Command) : undefined;
  const most = command ? COMMAND_TABLE[command].words : 0;
  if (command && positionals.length - 1 > most) {
    const words = positionals.join(' ');
    throw new CliError(
      `comput3 ${command} takes ${most ? `at most ${most} word${most > 1 ? 's' : ''}` : 'no words'} after it. To send "${words}" as a prompt, put -- first: comput3 -- "${words}"`,
    );
  }
  const timeout = number(
    'timeout',
    values.timeout,
    (n) => n > 0 && n <= 2_000_000,
    'a positive number of seconds',
  );
  return {
    command,
    args: isCommand ? positionals.slice(1) : positionals,
    models: values.model ?? [],
    model: values.model?.[0],
    role: values.role,
    files: values.file ?? [],
    raw: values.raw,
    system: values.system,
    maxTokens: number(
      'max-tokens',
      values['max-tokens'],
      (n) => Number.isInteger(n) && n >= 1,
      'a positive whole number',
    ),
    temperature: number('temperature', values.temperature, () => true, 'a number from 0 to 2'),
    stream: values.stream,
    json: values.json,
    usage: values.usage,
    stats: values.stats,
    continue: values.continue,
    conversation: values.conversation,
    save: values.save,
    baseURL: values['base-url'],
    timeout: timeout === undefined ? undefined : Math.round(timeout * 1000),
    retries: number(
      'retries',
      values.retries,
      (n) => Number.isInteger(n) && n >= 0,
      'a whole number ≥ 0',
    ),
    offline: values.offline,
    schema: values.schema === undefined ? undefined : readSchema(values.schema),
    messages: values.messages === undefined ? undefined : readMessages(values.messages),
    proxy: values.proxy,
    caFile: values['ca-file'],
    remote: values.remote,
    limit: number(
      'limit',
      values.limit,
      (n) => Number.isInteger(n) && n >= 0,
      'a whole number ≥ 0',
    ),
    help: values.help,
    version: values.version,
  };
}

/** What each option's value must be, and an example of it. */
const VALUE_OF: Record<string, [what: string, example: string]> = {
  model: ['a model id', '-m hermes4:70b (comput3 models lists them)'],
  system: ['the system prompt', '-s "Answer briefly."'],
  role: ['a role name', '-r reviewer (comput3 roles lists them)'],
  file: ['a file or folder', '-f notes.md'],
  'max-tokens': ['a positive whole number', '--max-tokens 500'],
  temperature: ['a number from 0 to 2', '--temperature 0.2'],
  limit: ['a whole number ≥ 0', '-n 50'],
  timeout: ['a positive number of seconds', '--timeout 30'],
  retries: ['a whole number ≥ 0', '--retries 2'],
};

/**
 * One line of ours for what node:util's parseArgs refused (its messages run to three lines
 * and speak of "ambiguous arguments"): which option, what it needs, and how to write it.
 */
function argsProblem(error: Error & { code?: string }, argv: string[]): string {
  const named = /'(-\w)?(?:, )?(--[\w-]+)?[^']*'/.exec(error.message);
  // The flag as typed: "-m" when parseArgs names both forms of it.
  const flag = named?.[1] && argv.includes(named[1]) ? named[1] : (named?.[2] ?? named?.[1] ?? '');
  const name = flag.startsWith('--')
    ? flag.slice(2)
    : Object.entries(OPTIONS).find(([, o]) => 'short' in o && `-${o.short}` === flag)?.[0];
  const [what = 'a value', example] = (name && VALUE_OF[name]) || [];
  const as = example ? `, as in ${example}` : '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const near = nearest(flag.replace(/^-+/, ''), Object.keys(OPTIONS));
    return `There is no option ${flag}${near ? `: did you mean --${near}?` : '.'} See comput3 --help (a prompt that starts with - goes after --).`;
  }
  if (/ambiguous/.test(error.message) && name) {
    // The value given starts with "-": a negative number, or the next option.
    const at = argv.findIndex((a) => a === flag || a === `--${name}`);
    const value = argv[at + 1] ?? '';
    if (/^-\d/.test(value)) return `--${name} must be ${what}, got "${value}".`;
    return `${flag} needs ${what} after it, not "${value}" (to give a value that starts with -, write --${name}=${value}).`;
  }
  if (/argument missing/.test(error.message) && name) return `${flag} needs ${what} after it${as}.`;
  if (/does not take an argument/.test(error.message))
    return `${flag} is a switch and takes no value: write ${flag} alone.`;
  return `${error.message.split('\n')[0]} See comput3 --help.`;
}

/** The candidate closest to `word` by edit distance, when it is close (a typo, not a guess). */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = (word.length <= 4 ? 1 : 2) + 1;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** Levenshtein distance, on two rows: short words only (flags, model ids). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        prev[j]! + 1,
        row[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length]!;
}
