import type { McpApproval, McpConnection, McpRunnableTool, McpToolCall } from '@comput3/core/mcp';
import type { ToolRunStep } from '@comput3/core/tools';
import { CliError } from './cli-error.js';
import { askKey } from './render/ask-key.js';
import { forName } from './render/safe-output.js';
import { paint } from './render/terminal.js';
import { nameFor, readMcpServers, serverFromSpec } from './storage/mcp-servers.js';

/** The MCP servers of one run of the CLI: their tools, what each call did, and `close()`. */
export interface McpSession {
  tools: McpRunnableTool[];
  servers: McpConnection[];
  /** Shows a step of the tool run on stderr: each call, and what came back. */
  show(step: ToolRunStep): void;
  /** Milliseconds spent so far waiting for a person's answer (not time in the tools). */
  askedMs(): number;
  close(): Promise<void>;
}

/**
 * Connects the servers `--mcp` names: a name from `comput3 mcp add`, an http(s) URL, or a
 * command line. Every call is asked for on the terminal (y, n, or a for always this tool), or
 * allowed by `--yes`; with neither a terminal nor --yes nothing could be asked, so nothing
 * starts.
 */
export async function startMcp(
  specs: string[],
  options: {
    yes: boolean;
    signal: AbortSignal;
    /** Called before anything is written: the spinner stops. */
    pause: () => void;
    /** Called after each answer to a question (the chat drops the key from its input). */
    answered?: () => void;
  },
): Promise<McpSession> {
  if (!options.yes && !(process.stdin.isTTY && process.stderr.isTTY))
    throw new CliError(
      '--mcp asks before each tool call, and there is no terminal to ask on: pass --yes to allow every call of these servers (for scripts).',
    );
  const named = specs.some((s) => /^[A-Za-z0-9_-]{1,32}$/.test(s)) ? readMcpServers() : {};
  const taken = new Set<string>();
  const configs = specs.map((spec) => {
    if (/^[A-Za-z0-9_-]{1,32}$/.test(spec)) {
      const config = named[spec];
      if (config) {
        taken.add(spec);
        return { name: spec, config };
      }
      // One word that is not a saved name is still a command (`--mcp my-server`).
    }
    const config = serverFromSpec(spec);
    return { name: '', config };
  });
  for (const c of configs) if (!c.name) c.name = nameFor(c.config, taken);

  const { connectMcp, mcpTools } = await import('@comput3/core/mcp');
  const err = paint(process.stderr);
  const servers: McpConnection[] = [];
  let asked = 0; // ms waiting for answers, left out of the time in tools
  const always = new Set<string>(); // tools allowed from now on: their calls are shown, not asked
  const close = () => Promise.all(servers.map((s) => s.close())).then(() => {});
  try {
    await Promise.all(
      configs.map(async ({ name, config }) => {
        servers.push(await connectMcp(name, config, { signal: options.signal }));
      }),
    );
    const tools = await mcpTools(servers, {
      ...(options.yes
        ? { autoApprove: 'all' as const }
        : {
            approve: (call) => {
              options.pause(); // the spinner's line is where the question goes
              const t0 = performance.now();
              return ask(call, err)
                .finally(() => (asked += performance.now() - t0))
                .then((answer) => {
                  if (answer === 'always') always.add(call.name);
                  return answer;
                })
                .finally(() => options.answered?.());
            },
          }),
    });
    const byName = new Map(tools.map((t) => [t.name, t]));
    // When each call was made, and how long answers had been awaited by then.
    const started = new Map<string, { at: number; asked: number }>();
    return {
      tools,
      servers,
      close,
      askedMs: () => asked,
      show(step) {
        options.pause();
        if (step.type === 'tool_call') {
          started.set(step.call.id, { at: performance.now(), asked });
          const tool = byName.get(step.call.function.name);
          // Asked calls are shown by the question; allowed ones here.
          if (options.yes || always.has(step.call.function.name) || !tool)
            process.stderr.write(
              `${err.dim(`⚙ ${callLine(step.call.function.name, tool, step.call.function.arguments)}`)}\n`,
            );
        }
        if (step.type === 'tool_result') {
          const since = started.get(step.call.id) ?? { at: performance.now(), asked };
          const ms = Math.max(0, performance.now() - since.at - (asked - since.asked));
          const label = labelOf(step.call.function.name, byName.get(step.call.function.name));
          const took = ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
          process.stderr.write(
            step.error
              ? `${err.red(`↳ ${label}: ${forName(firstLine(step.error))}`)}\n`
              : `${err.dim(`↳ ${label}: ${step.content.length.toLocaleString('en')} characters in ${took}`)}\n`,
          );
        }
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Text cut to `most` characters, with … when it was longer. */
const cut = (text: string, most: number) => (text.length > most ? `${text.slice(0, most)}…` : text);

const firstLine = (text: string) =>
  cut(text.replace(/^\[untrusted [^\]\n]*\]\n/, '').split('\n')[0] ?? '', 160);

const label = (server: string, tool: string) => `${server}/${forName(tool.slice(0, 64))}`;

const labelOf = (name: string, tool: McpRunnableTool | undefined) =>
  tool ? label(tool.mcp.server, tool.mcp.tool) : forName(name.slice(0, 64));

/** A call as the terminal shows it: `server/tool {"arg":…}`, its arguments cut at 200. */
const callLine = (name: string, tool: McpRunnableTool | undefined, args: string) =>
  `${labelOf(name, tool)} ${forName(cut(args, 200))}`;

/** The question on the terminal: the call, then y / n / a (always this tool). No is the default. */
async function ask(call: McpToolCall, err: ReturnType<typeof paint>): Promise<McpApproval> {
  const shown = `${label(call.server, call.tool)} ${forName(cut(JSON.stringify(call.arguments), 200))}`;
  const hint = call.readOnly ? err.dim(' (read-only, says the server)') : '';
  const key = await askKey(['y', 'n', 'a'], () =>
    process.stderr.write(
      `${err.yellow('⚙')} ${shown}${hint}\n  Allow? ${err.dim('[y]es  [n]o  [a]lways this tool')} `,
    ),
  );
  const answer: McpApproval = key === 'y' ? true : key === 'a' ? 'always' : false;
  process.stderr.write(
    `${answer === false ? err.red('no') : answer === 'always' ? 'always' : 'yes'}\n`,
  );
  return answer;
}
