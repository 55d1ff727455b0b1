import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { argsProblem } from './arg-problems.js';
import { CliError } from './cli-error.js';
import { isModulePath, type SchemaSource } from './schema.js';
import { COMMAND_TABLE, COMMANDS, PROMPT_FLAGS, type Command } from './commands.js';
import { ALWAYS, OPTIONS, type FlagName } from './flags.js';
import { nearest } from './nearest.js';

/**
 * The command line, parsed: the flags (flags.ts) checked against what the command takes
 * (commands.ts), their values checked, and one clear line for anything wrong (arg-problems.ts).
 */

/** The flags of `comput3 batch` and `comput3 worker`. */
interface BatchFlags {
  output: string | undefined;
  template: string | undefined;
  ordered: boolean;
  resume: boolean;
  retryFailed: boolean;
  onBadLine: 'stop' | 'skip' | undefined;
  concurrency: number | undefined;
  rpm: number | undefined;
  tpm: number | undefined;
  maxAttempts: number | undefined;
  redis: string | undefined;
}

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
  /** The API's `seed` (an OpenAI-compatible extension): another sample, or the same again. */
  seed: number | undefined;
  /** Show the model's reasoning as it comes, instead of how long it thought. */
  reasoning: boolean;
  /** With several -m: the first model that answers, the others only after a failure. */
  fallback: boolean;
  /** With --fallback: milliseconds without a token before the next model is asked too. */
  hedge: number | undefined;
  /** MCP servers whose tools the model may call: names, URLs or command lines. */
  mcp: string[];
  /** With --mcp: allow every call without asking. */
  yes: boolean;
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
  /** The schema the answer must fit (--schema): a JSON Schema, or a module that exports one or a validator. */
  schema: SchemaSource | undefined;
  proxy: string | undefined;
  caFile: string | undefined;
  remote: boolean;
  /** logs -n: how many to list. */
  limit: number | undefined;
  /** What comput3 batch and worker read (see commands/batch.ts). */
  batch: BatchFlags;
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

function readSchema(value: string): SchemaSource {
  if (isModulePath(value)) return { module: value };
  const schema = readJson('schema', value, '{"type": "object", …}');
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new CliError(
      '--schema must be a JSON Schema object, such as {"type": "object", "properties": {…}}.',
    );
  }
  return { json: schema as Record<string, unknown> };
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

/**
 * Every flag given must be one the command takes (commands.ts): a flag of another command is
 * one clear line that says whose it is, never silently ignored.
 */
function checkScope(
  command: Command | undefined,
  tokens: { kind: string; name?: string; rawName?: string }[],
): void {
  const takes: readonly FlagName[] = command ? COMMAND_TABLE[command].flags : PROMPT_FLAGS;
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const name = token.name as FlagName;
    if (takes.includes(name) || (ALWAYS as readonly string[]).includes(name)) continue;
    const owners = [
      ...(PROMPT_FLAGS.includes(name) ? ['a prompt'] : []),
      ...COMMANDS.filter((c) => (COMMAND_TABLE[c].flags as readonly string[]).includes(name)).map(
        (c) => `comput3 ${c}`,
      ),
    ];
    const whose = owners.length ? `an option of ${owners.join(', ')}` : 'not for commands';
    throw new CliError(
      command
        ? `${token.rawName} is not an option of comput3 ${command}${owners.length ? ` (it is ${whose})` : ''}: see comput3 ${command} --help.`
        : `${token.rawName} is ${whose}, not of a prompt: see comput3 --help.`,
    );
  }
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
  // One word a typo away from a command is almost surely that command mistyped, not a prompt:
  // said, rather than sent to the model (and paid for). One edit only, so "hello" stays a prompt.
  if (
    !command &&
    first &&
    positionals.length === 1 &&
    (terminator === -1 || first.index < terminator)
  ) {
    const meant = /^[a-z]+$/i.test(first.value) ? nearest(first.value, COMMANDS, 1) : undefined;
    if (meant) {
      throw new CliError(
        `"${first.value}" is not a command: did you mean comput3 ${meant}? To send it as a prompt, put -- first: comput3 -- ${first.value}`,
      );
    }
  }
  checkScope(command, tokens);
  const most = command ? COMMAND_TABLE[command].words : 0;
  if (command && positionals.length - 1 > most) {
    const words = positionals.join(' ');
    throw new CliError(
      `comput3 ${command} takes ${most ? `at most ${most} word${most > 1 ? 's' : ''}` : 'no words'} after it. To send "${words}" as a prompt, put -- first: comput3 -- "${words}"`,
    );
  }
  if (values.fallback && (values.model?.length ?? 0) < 2) {
    throw new CliError(
      '--fallback moves from one model to the next: give two -m or more, in the order to try them.',
    );
  }
  if (values.yes && !values.mcp?.length) {
    throw new CliError('--yes allows the tool calls of --mcp without asking: add --mcp SERVER.');
  }
  if (values.mcp?.length && (values.model?.length ?? 0) > 1 && !values.fallback) {
    throw new CliError(
      '--mcp gives one model tools: give one -m (or several with --fallback), not a comparison of several.',
    );
  }
  if (values.mcp?.length && values.schema !== undefined) {
    throw new CliError('--mcp and --schema do not go together: a tool run ends in text, not JSON.');
  }
  const hedge = number(
    'hedge',
    values.hedge,
    (n) => n > 0 && n <= 600,
    'a number of seconds from 0 to 600',
  );
  if (hedge !== undefined && !values.fallback) {
    throw new CliError(
      '--hedge races the models of --fallback: add --fallback (and two -m or more).',
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
    temperature: number(
      'temperature',
      values.temperature,
      (n) => n >= 0 && n <= 2,
      'a number from 0 to 2',
    ),
    seed: number('seed', values.seed, Number.isSafeInteger, 'a whole number'),
    reasoning: values.reasoning,
    fallback: values.fallback,
    hedge: hedge === undefined ? undefined : Math.max(1, Math.round(hedge * 1000)),
    mcp: values.mcp ?? [],
    yes: values.yes,
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
    batch: batchFlags(values),
    help: values.help,
    version: values.version,
  };
}

function batchFlags(
  values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'],
): BatchFlags {
  const whole = (flag: string, value: string | undefined) =>
    number(flag, value, (n) => Number.isSafeInteger(n) && n >= 1, 'a whole number of 1 or more');
  const onBadLine = values['on-bad-line'];
  if (onBadLine !== undefined && onBadLine !== 'stop' && onBadLine !== 'skip') {
    throw new CliError(`--on-bad-line must be stop or skip, got "${onBadLine}".`);
  }
  if (values.resume && values['retry-failed']) {
    throw new CliError(
      '--resume and --retry-failed are two runs: finish the run with --resume, then redo its failures with --retry-failed.',
    );
  }
  return {
    output: values.output,
    template: values.template,
    ordered: values.ordered,
    resume: values.resume,
    retryFailed: values['retry-failed'],
    onBadLine,
    concurrency: whole('concurrency', values.concurrency),
    rpm: whole('rpm', values.rpm),
    tpm: whole('tpm', values.tpm),
    maxAttempts: whole('max-attempts', values['max-attempts']),
    redis: values.redis,
  };
}
