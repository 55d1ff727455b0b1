import { EXIT } from './cli-error.js';
import { parseOptions, type Options } from './options.js';
import { guardTerminal } from './render/safe-output.js';
import { paint, useColor } from './render/terminal.js';

// Before anything is written: what reaches a terminal passes the escape-sequence filter.
for (const stream of [process.stdout, process.stderr]) guardTerminal(stream, useColor(stream));

async function run(options: Options): Promise<void> {
  if (options.version) return void process.stdout.write(`comput3 ${__VERSION__}\n`);
  // `comput3 help [COMMAND]` and `comput3 COMMAND --help`: each command has its own page.
  if (options.help || options.command === 'help') {
    const { commandHelp } = await import('./help.js');
    const topic = options.command === 'help' ? options.args[0] : options.command;
    return void process.stdout.write(await commandHelp(topic));
  }
  // A role fills in what the flags left open, before anything reads them.
  if (options.role && (options.command === undefined || options.command === 'chat')) {
    options = (await import('./storage/roles.js')).applyRole(options);
  }
  // Each command is loaded when used, so `comput3 --version` does not pay for the others.
  switch (options.command) {
    case 'chat':
      return (await import('./chat/chat.js')).runChat(options);
    case 'models':
      return (await import('./commands/models.js')).runModels(options);
    case 'logs':
      return (await import('./commands/logs.js')).runLogs(options);
    case 'keys':
      return (await import('./commands/keys.js')).runKeys(options);
    case 'config':
      return (await import('./commands/config.js')).runConfig(options);
    case 'roles':
      return (await import('./commands/roles.js')).runRoles(options);
    case 'completion':
      return (await import('./commands/completion.js')).runCompletion(options);
    case 'batch':
      return (await import('./commands/batch.js')).runBatchCommand(options);
    case 'worker':
      return (await import('./commands/worker.js')).runWorker(options);
    case 'mcp':
      return (await import('./commands/mcp.js')).runMcp(options);
    default:
      return options.models.length > 1 && !options.fallback
        ? (await import('./commands/several.js')).runSeveral(options)
        : (await import('./commands/prompt.js')).runPrompt(options);
  }
}

// `comput3 … | head -1` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

let options: Options | undefined;
try {
  options = parseOptions(process.argv.slice(2));
  await run(options);
} catch (error) {
  // Loaded only on failure: describing an API error needs the SDK's error classes.
  const [{ describeError, exitCodeFor }, { notice }] = await Promise.all([
    import('./exit-codes.js'),
    import('./render/notice.js'),
  ]);
  const code = exitCodeFor(error);
  const message = code === EXIT.interrupted ? 'interrupted' : describeError(error, options?.model);
  // Wrapped as one text, so no break falls inside a request id or a URL.
  const [first, ...rest] = notice(`comput3: ${message}`, process.stderr).split('\n');
  const said = [
    `${paint(process.stderr).red('comput3:')}${first!.slice('comput3:'.length)}`,
    ...rest,
  ];
  process.stderr.write(`${said.join('\n')}\n`);
  process.exitCode = code;
}
