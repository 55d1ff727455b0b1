import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './exit-codes.js';

export const HELP = `comput3: talk to Comput3 models from your terminal

Usage:
  comput3 [options] "prompt"        ask once; the answer streams to stdout
  cat notes.md | comput3 "summarise this"
  comput3 chat [options]             an interactive conversation
  comput3 models [--remote]          the models (from the spec, or --remote from the API)
  comput3 logs [show ID] [--json]    saved conversations (-m MODEL to filter)
  comput3 logs search TERM           conversations that mention TERM, newest first
  comput3 logs rm ID                 delete a saved conversation
  comput3 keys set|path|remove       store your API key (read without echo)
  comput3 config list|get|set|unset  settings: model, base-url, timeout, retries, proxy, ca-file
  comput3 completion bash|zsh|fish   a shell completion script (see the README to install it)

Options:
  -m, --model ID         model to use (default: config, else hermes4:70b)
  -s, --system TEXT      system prompt
      --max-tokens N     most tokens to generate
      --temperature T    sampling temperature, 0 to 2
      --no-stream        wait for the whole answer instead of streaming it
      --schema FILE|JSON answer with JSON that fits this JSON Schema, checked before it is
                         printed (exit 2 with the reason when it does not fit)
      --json             print the ChatCompletion as JSON (NDJSON chunks when streaming)
      --usage            print token usage on stderr
      --stats            print the answer's figures on stderr (model, time to first token,
                         tokens/s, tokens, request id); a terminal shows them anyway
  -c, --continue         continue the last conversation
      --conversation ID  continue that conversation
      --no-save          do not save this exchange
      --base-url URL     API base URL (default: COMPUT3_BASE_URL, else https://api.comput3.ai/v1)
      --timeout SECONDS  give up when the API is silent this long (default 600)
      --retries N        retries on connection errors, 408, 409, 429, 5xx (default 2)
      --offline          answer from a built-in mock server: no key, no network
      --proxy URL        send requests through this HTTP(S) proxy (default: config, else
                         HTTPS_PROXY / HTTP_PROXY; NO_PROXY lists hosts to reach directly)
      --ca-file PEM      also trust these certificate authorities (default: config;
                         NODE_EXTRA_CA_CERTS is always honoured)
  -h, --help             this help
  -v, --version          the version

Keys: COMPUT3_API_KEY, else the key saved by \`comput3 keys set\`.
Exit codes: 0 ok, 1 other error, 2 usage or invalid request, 3 auth, 4 rate limited,
5 network or timeout, 6 server error, 130 interrupted.

Examples:
  comput3 "Explain SSE in one paragraph"
  git diff | comput3 -m qwen3-coder:480b "Write a commit message for this diff"
  comput3 --offline --json --no-stream "hello"
  comput3 -c "And in French?"
`;

export const OPTIONS = {
  model: { type: 'string', short: 'm' },
  system: { type: 'string', short: 's' },
  'max-tokens': { type: 'string' },
  temperature: { type: 'string' },
  stream: { type: 'boolean', default: true },
  json: { type: 'boolean', default: false },
  usage: { type: 'boolean', default: false },
  stats: { type: 'boolean', default: false },
  continue: { type: 'boolean', short: 'c', default: false },
  conversation: { type: 'string' },
  save: { type: 'boolean', default: true },
  'base-url': { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  offline: { type: 'boolean', default: false },
  schema: { type: 'string' },
  proxy: { type: 'string' },
  'ca-file': { type: 'string' },
  remote: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} satisfies ParseArgsConfig['options'];

export const COMMANDS = ['chat', 'models', 'logs', 'keys', 'config', 'completion'] as const;
export type Command = (typeof COMMANDS)[number];

/** The most words each command takes after its name; more is a usage error, never a guess. */
const MAX_ARGS: Record<Command, number> = {
  chat: 0,
  models: 0,
  logs: 2,
  keys: 1,
  config: 3,
  completion: 1,
};

export interface Options {
  command: Command | undefined;
  /** Positionals after the command (or the prompt words when there is no command). */
  args: string[];
  model: string | undefined;
  system: string | undefined;
  maxTokens: number | undefined;
  temperature: number | undefined;
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
  /** A JSON Schema the answer must fit (--schema). */
  schema: Record<string, unknown> | undefined;
  proxy: string | undefined;
  caFile: string | undefined;
  remote: boolean;
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

/** --schema takes JSON text or a file of it; either way, one clear line when it is not a schema. */
function readSchema(value: string): Record<string, unknown> {
  const inline = /^\s*[[{]/.test(value);
  let text = value;
  if (!inline) {
    try {
      text = readFileSync(value, 'utf8');
    } catch (error) {
      throw new CliError(
        `--schema ${value}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read it'}. Give a file of JSON Schema, or the schema itself as JSON.`,
      );
    }
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `--schema${inline ? '' : ` ${value}`} is not valid JSON: ${(error as Error).message}.`,
    );
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new CliError(
      '--schema must be a JSON Schema object, such as {"type": "object", "properties": {…}}.',
    );
  }
  return schema as Record<string, unknown>;
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
    throw new CliError(
      `${(error as Error).message.replace(/\. To specify.*$/s, '.')} See comput3 --help.`,
    );
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
  if (command && positionals.length - 1 > MAX_ARGS[command]) {
    const words = positionals.join(' ');
    throw new CliError(
      `comput3 ${command} takes ${MAX_ARGS[command] ? `at most ${MAX_ARGS[command]} words` : 'no words'} after it. To send "${words}" as a prompt, put -- first: comput3 -- "${words}"`,
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
    model: values.model,
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
    proxy: values.proxy,
    caFile: values['ca-file'],
    remote: values.remote,
    help: values.help,
    version: values.version,
  };
}
