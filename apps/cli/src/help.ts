import { CliError } from './cli-error.js';
import { COMMAND_TABLE, COMMANDS, type Command } from './commands.js';
import { OPTIONS } from './flags.js';

type Flag = { short?: string; negatable?: boolean; arg?: string; help: string };

/** Wraps `text` to `width` columns, every line after the first indented by `indent`. */
function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** The options named (all of them by default), one per line, aligned. */
function flagLines(names: string[] = Object.keys(OPTIONS)): string {
  return names
    .map((name) => {
      const o = (OPTIONS as Record<string, Flag>)[name]!;
      const long = o.negatable ? `--no-${name}` : `--${name}`;
      const spec = `${o.short ? `-${o.short}, ` : '    '}${long}${o.arg ? ` ${o.arg}` : ''}`;
      const gap = spec.length >= 22 ? `\n${' '.repeat(25)}` : ' '.repeat(23 - spec.length);
      return `  ${spec}${gap}${wrap(o.help, 55, 25)}`;
    })
    .join('\n');
}

/** The general help, made from the tables in options.ts. */
function helpText(): string {
  const left = 36;
  const commands = Object.values(COMMAND_TABLE)
    .map((c) => {
      const usage = `  comput3 ${c.usage}`;
      const gap = usage.length >= left ? `\n${' '.repeat(left)}` : ' '.repeat(left - usage.length);
      return `${usage}${gap}${wrap(c.help, 80 - left, left)}`;
    })
    .join('\n');
  return `comput3: talk to Comput3 models from your terminal

Usage:
  comput3 [options] "prompt"        ask once; the answer streams to stdout
  cat notes.md | comput3 "summarise this"
${commands}

Options:
${flagLines()}

Keys: COMPUT3_API_KEY, else the key saved by \`comput3 keys set\`.
Exit codes: 0 ok, 1 other error, 2 usage or invalid request, 3 auth, 4 rate limited,
5 network or timeout, 6 server error, 130 interrupted.

Examples:
  comput3 "Explain SSE in one paragraph"
  git diff | comput3 -m qwen3-coder:480b "Write a commit message for this diff"
  comput3 -m kimi-k2 -m qwen3-max "Name three uses of a Bloom filter"
  comput3 -f src/ -r reviewer "What would you change?"
  comput3 --offline --json --no-stream "hello"
  comput3 -c "And in French?"

More on one command: comput3 help COMMAND (or comput3 COMMAND --help).
`;
}

/** Each command's own page: what it does, its forms, the options that apply, examples. */
const PAGES: Record<
  Exclude<Command, 'help'>,
  { about: string; forms?: string[]; examples: string[] }
> = {
  chat: {
    about:
      'An interactive conversation: each message gets an answer streamed in, drawn as Markdown, with its figures. It is saved as you go (comput3 logs), unless --no-save.',
    examples: [
      'comput3 chat',
      'comput3 chat -m kimi-k2 -s "Answer in French."',
      'comput3 chat -c',
      'comput3 chat --offline',
    ],
  },
  models: {
    about:
      "The models the spec documents, the default marked with *. --remote asks the API's GET /v1/models instead (the list changes; any id is still sent as given).",
    examples: ['comput3 models', 'comput3 models --remote'],
  },
  logs: {
    about: 'Saved conversations, newest first: each prompt and chat is kept as a JSON Lines file.',
    forms: [
      'logs [-n N] [-m MODEL] [--json]   list them (the newest 20 by default)',
      'logs show [ID] [--json]           one conversation, drawn as it went (the latest without ID)',
      'logs search TERM [-m MODEL]       every message that mentions TERM',
      'logs rm ID                        delete one',
    ],
    examples: [
      'comput3 logs -n 5',
      'comput3 logs show',
      'comput3 logs search "bloom filter"',
      'comput3 -c "and then?"   (continue the latest)',
    ],
  },
  roles: {
    about:
      'Saved roles: a system prompt with the model and settings that suit it, as Markdown files with YAML front matter in the config folder. Use one with -r NAME.',
    forms: [
      'roles [list]        the roles, with what each is for',
      'roles show NAME     print its file',
      'roles edit NAME     open it in $VISUAL or $EDITOR (a new one from a template)',
      'roles rm NAME       delete it',
    ],
    examples: ['comput3 roles edit reviewer', 'git diff | comput3 -r reviewer "review this"'],
  },
  keys: {
    about:
      'Your API key, kept in the OS keychain where there is one and otherwise in a file only you can read. COMPUT3_API_KEY, when set, comes first. The key is never shown on the screen: keys token writes it only into a pipe, for a program (pnpm demo reads it that way).',
    forms: [
      'keys [status]     whether a key is set, and where it comes from',
      'keys set          store one (read without echo, or from a pipe)',
      'keys path         where the key in use is, or where keys set would put one',
      'keys remove       delete the stored key',
      'keys token        the key in use, into a pipe only (for a program to read)',
    ],
    examples: [
      'comput3 keys set',
      'pass show comput3 | comput3 keys set',
      'COMPUT3_API_KEY=$(comput3 keys token) node app.js',
    ],
  },
  batch: {
    about:
      'Every line of a JSONL file answered once, into another: {"prompt": "…"}, a request body {"messages": […]}, or with --template the fields it names. Requests keep one pace (--concurrency, --rpm, --tpm, or learnt from the API\'s 429s); what may succeed later is sent again, up to --max-attempts. Killed at any point (Ctrl-C, kill -9), --resume finishes it without sending an answered line again. Bad lines stop the run before anything is sent, each named by its line number (--on-bad-line skip writes them as failures instead). With --redis, the lines are queued on Redis for comput3 worker on any number of machines, under one shared rate limit.',
    forms: [
      'batch FILE -o OUT [--template T] [-m MODEL]   answer FILE into OUT, a result per line',
      'batch FILE -o OUT --resume                    finish a run that was stopped',
      'batch FILE -o OUT --retry-failed              send only the failed lines again',
      'batch FILE --redis URL                        queue it for workers; prints its id',
      'batch status|results|cancel JOB --redis URL   follow, collect or cancel a queued batch',
    ],
    examples: [
      "comput3 batch tickets.jsonl -o labels.jsonl --template 'Bug or question? {{text}}' -m kimi-k2",
      'comput3 batch tickets.jsonl -o labels.jsonl --resume',
      'comput3 batch docs.jsonl --redis redis://queue:6379',
      'comput3 batch results b4x9k2abc --redis redis://queue:6379 > labels.jsonl',
    ],
  },
  worker: {
    about:
      'Answers the lines of batches queued on Redis (comput3 batch --redis), until Ctrl-C, which lets the lines under way finish. Run as many as you like, anywhere: a worker that dies loses its lines to another, every line ends answered once, and all of them keep one rate limit through Redis (--rpm, or learnt from 429s).',
    examples: [
      'comput3 worker --redis redis://queue:6379',
      'comput3 worker --redis redis://queue:6379 --rpm 600 --concurrency 32',
    ],
  },
  mcp: {
    about:
      'MCP servers you use often, by name: comput3 --mcp NAME then starts (or reaches) the server and lets the model call its tools, each call asked for first (y, n, or a for always this tool; --yes allows them all, for scripts). They are kept in mcp.json in the config folder, as {"mcpServers": {NAME: {"command", "args", "env"} or {"url", "headers"}}}, the shape other MCP clients use, so an entry can be copied from or to them. A command is split as a shell would, and never run by one.',
    forms: [
      'mcp [list]                  the servers, and how each is reached',
      "mcp add NAME 'COMMAND'      a server started on stdio",
      'mcp add NAME URL            a server over streamable HTTP',
      'mcp remove NAME             forget it',
    ],
    examples: [
      "comput3 mcp add docs 'npx -y @modelcontextprotocol/server-filesystem ./docs'",
      'comput3 --mcp docs "What does the guide say about proxies?"',
      'comput3 --mcp \'npx -y @modelcontextprotocol/server-everything\' --yes "Use echo to say hi"',
    ],
  },
  config: {
    about:
      'Settings kept in the config file: model, base-url, timeout (seconds), retries, proxy, ca-file. A flag given on the command line wins over them.',
    forms: [
      'config [list]          every setting and its value',
      'config get KEY         one of them',
      'config set KEY VALUE   change it (checked first)',
      'config unset KEY       back to the default',
    ],
    examples: [
      'comput3 config set model kimi-k2',
      'comput3 config set proxy http://proxy.corp:3128',
      'comput3 config unset timeout',
    ],
  },
  completion: {
    about:
      'A completion script for your shell: commands, options, model ids (with their colons), role names, conversation ids and files.',
    forms: ['completion bash|zsh|fish'],
    examples: [
      'comput3 completion bash > ~/.local/share/bash-completion/completions/comput3',
      'comput3 completion zsh > "${fpath[1]}/_comput3"',
      'comput3 completion fish > ~/.config/fish/completions/comput3.fish',
    ],
  },
};

/** `comput3 help COMMAND` and `comput3 COMMAND --help`. */
export async function commandHelp(command: string | undefined): Promise<string> {
  if (command === undefined || command === 'help') return helpText();
  if (!(COMMANDS as string[]).includes(command)) {
    throw new CliError(
      `There is no command "${command}": the commands are ${COMMANDS.join(', ')}. A prompt goes after --: comput3 -- "…"`,
    );
  }
  const page = PAGES[command as Exclude<Command, 'help'>];
  const table = COMMAND_TABLE[command as Command];
  const parts = [`comput3 ${table.usage}`, '', wrap(page.about, 80, 0)];
  if (page.forms) parts.push('', 'Forms:', ...page.forms.map((f) => `  comput3 ${f}`));
  if (command === 'chat') {
    // The slash commands live with the chat; loaded only for this page.
    const { CHAT_HELP } = await import('./chat/slash-commands.js');
    parts.push('', 'Inside the chat:', ...CHAT_HELP.split('\n').map((l) => `  ${l}`));
  }
  // The command's own flags, as the parser takes them (commands.ts).
  if (table.flags.length) parts.push('', 'Options:', flagLines([...table.flags]));
  parts.push('', 'Examples:', ...page.examples.map((e) => `  ${e}`));
  return `${parts.join('\n')}\n`;
}
