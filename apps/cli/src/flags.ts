/**
 * Every flag, declared once: the parser, each command's help and the shell completions read
 * this table. `arg` names the value in the help; a flag without it is a switch. Which commands
 * take which flags is said in commands.ts.
 */
export const OPTIONS = {
  model: {
    type: 'string',
    short: 'm',
    multiple: true,
    arg: 'ID',
    help: 'model to use (default: config, else hermes4:70b); repeat it to ask several models at once (or, with --fallback, the first that answers)',
  },
  fallback: {
    type: 'boolean',
    default: false,
    help: 'with several -m: ask the first, and move to the next only when one fails before answering (overloaded, rate-limited, unreachable)',
  },
  hedge: {
    type: 'string',
    arg: 'SECONDS',
    help: 'with --fallback: when no token has come this long, ask the next model too and keep whichever answers first (the other is cancelled, and may still be billed)',
  },
  mcp: {
    type: 'string',
    multiple: true,
    arg: 'SERVER',
    help: "let the model call the tools of an MCP server: a name from `comput3 mcp add`, an http(s) URL, or a command such as 'npx -y @modelcontextprotocol/server-filesystem ./docs' (repeatable); each call is asked for first",
  },
  yes: {
    type: 'boolean',
    short: 'y',
    default: false,
    help: 'with --mcp: allow every tool call without asking (for scripts)',
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
  seed: {
    type: 'string',
    arg: 'N',
    help: 'ask for the same sample again (same seed) or another (another seed), where the server supports it',
  },
  stream: {
    type: 'boolean',
    default: true,
    negatable: true,
    help: 'wait for the whole answer instead of streaming it',
  },
  reasoning: {
    type: 'boolean',
    default: false,
    help: "show the model's reasoning as it comes (dim, on stderr) instead of one line saying how long it thought",
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
  output: {
    type: 'string',
    short: 'o',
    arg: 'FILE',
    help: 'batch: the JSONL file to write, a result per input line',
  },
  template: {
    type: 'string',
    arg: 'TEXT',
    help: "batch: the prompt made from each line's fields, such as 'Classify: {{text}}'",
  },
  ordered: {
    type: 'boolean',
    default: false,
    help: 'batch: write results in input order, not as they finish',
  },
  resume: {
    type: 'boolean',
    default: false,
    help: 'batch: finish the run that wrote -o (lines it answered are not sent again)',
  },
  'retry-failed': {
    type: 'boolean',
    default: false,
    help: 'batch: send again only the lines -o has as failures',
  },
  'on-bad-line': {
    type: 'string',
    arg: 'stop|skip',
    help: 'batch: a line that cannot be sent stops the run before anything is sent (stop, the default), or is written as a failure (skip)',
  },
  concurrency: {
    type: 'string',
    arg: 'N',
    help: 'batch, worker: most requests in flight at once (default 16)',
  },
  rpm: {
    type: 'string',
    arg: 'N',
    help: "batch, worker: most requests a minute (default: learnt from the API's 429s); with --redis, shared by every worker",
  },
  tpm: {
    type: 'string',
    arg: 'N',
    help: 'batch, worker: most tokens a minute, estimated per request',
  },
  'max-attempts': {
    type: 'string',
    arg: 'N',
    help: 'batch: times a failing line is sent before its failure is written (default 3)',
  },
  redis: {
    type: 'string',
    arg: 'URL',
    help: 'batch, worker: queue the lines on Redis (BullMQ) for workers on any machine, such as redis://localhost:6379',
  },
  help: { type: 'boolean', short: 'h', default: false, help: 'this help' },
  version: { type: 'boolean', short: 'v', default: false, help: 'the version' },
} as const satisfies Record<string, Flag>;

export interface Flag {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: boolean;
  /** A boolean that is on by default and turned off with --no-NAME; `help` describes --no-NAME. */
  negatable?: boolean;
  arg?: string;
  help: string;
}

export type FlagName = keyof typeof OPTIONS;

/** The flags that shape what is asked of the API: shared by a prompt and `chat`. */
export const ASKING = [
  'model',
  'fallback',
  'hedge',
  'mcp',
  'yes',
  'system',
  'role',
  'file',
  'max-tokens',
  'temperature',
  'seed',
  'reasoning',
  'raw',
] as const satisfies readonly FlagName[];

/** The flags that say how to reach the API: shared by every command that does. */
export const CONNECTING = [
  'base-url',
  'timeout',
  'retries',
  'offline',
  'proxy',
  'ca-file',
] as const satisfies readonly FlagName[];

/** The flags only `comput3 batch` and `comput3 worker` take. */
export const BATCHING = [
  'output',
  'template',
  'ordered',
  'resume',
  'retry-failed',
  'on-bad-line',
  'concurrency',
  'rpm',
  'tpm',
  'max-attempts',
  'redis',
] as const satisfies readonly FlagName[];

/** Taken everywhere. */
export const ALWAYS = ['help', 'version'] as const satisfies readonly FlagName[];
