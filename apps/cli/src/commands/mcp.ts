import type { McpServerConfig } from '@comput3/core/mcp';
import { CliError, EXIT } from '../cli-error.js';
import type { Options } from '../options.js';
import { forName } from '../render/safe-output.js';
import { paint } from '../render/terminal.js';
import {
  mcpPath,
  readMcpServers,
  serverFromSpec,
  writeMcpServers,
} from '../storage/mcp-servers.js';

const NAME = /^[A-Za-z0-9_-]{1,32}$/;

/** `comput3 mcp list|add|remove`: the named servers --mcp can use. */
export function runMcp(options: Options): void {
  const [action = 'list', name, spec] = options.args;
  const servers = readMcpServers();
  const out = process.stdout;
  if (action === 'list') {
    if (options.json)
      return void out.write(`${JSON.stringify({ mcpServers: shown(servers) }, null, 2)}\n`);
    const names = Object.keys(servers).sort();
    if (!names.length)
      return void process.stderr.write(
        `No MCP servers yet. Add one: comput3 mcp add docs 'npx -y @modelcontextprotocol/server-filesystem ./docs'\n`,
      );
    const { dim } = paint(out);
    const width = Math.max(...names.map((n) => n.length));
    for (const n of names) out.write(`${n.padEnd(width)}  ${describe(servers[n]!, dim)}\n`);
    return;
  }
  if (!name) throw new CliError(`comput3 mcp ${action} needs the server's NAME.`);
  if (!NAME.test(name))
    throw new CliError(
      `"${forName(name.slice(0, 40))}" is not a server name: 1 to 32 letters, digits, "_" or "-".`,
    );
  if (action === 'remove') {
    if (!(name in servers))
      throw new CliError(
        `There is no MCP server named ${name} (comput3 mcp list shows them).`,
        EXIT.usage,
      );
    delete servers[name];
    writeMcpServers(servers);
    return void process.stderr.write(`Removed ${name} from ${mcpPath()}\n`);
  }
  // add
  if (!spec)
    throw new CliError(
      `comput3 mcp add ${name} needs the server: a command in quotes, such as 'npx -y @modelcontextprotocol/server-filesystem ./docs', or an http(s) URL.`,
    );
  const config = serverFromSpec(spec);
  const replaced = name in servers;
  servers[name] = config;
  writeMcpServers(servers);
  process.stderr.write(
    `${replaced ? 'Replaced' : 'Added'} ${name} in ${mcpPath()}. Use it: comput3 --mcp ${name} "…"\n`,
  );
}

/** How a server is reached, for the list: env and header values are never shown. */
function describe(config: McpServerConfig, dim: (s: string) => string): string {
  const where = config.url
    ? forName(config.url.replace(/\/\/[^@/]*@/, '//***@'))
    : forName([config.command, ...(config.args ?? [])].map(quoted).join(' '));
  const hidden = [
    ...Object.keys(config.env ?? {}).map((k) => `${k}=…`),
    ...Object.keys(config.headers ?? {}).map((k) => `${k}: …`),
  ];
  return hidden.length ? `${where}  ${dim(forName(hidden.join(' ')))}` : where;
}

const quoted = (word: string | undefined) =>
  word === undefined
    ? ''
    : /^[\w@%+=:,./-]+$/.test(word)
      ? word
      : `'${word.replace(/'/g, "'\\''")}'`;

/** The servers for --json: env and header values replaced by "…". */
function shown(servers: Record<string, McpServerConfig>) {
  const mask = (record: Record<string, string> | undefined) =>
    record && Object.fromEntries(Object.keys(record).map((k) => [k, '…']));
  return Object.fromEntries(
    Object.entries(servers).map(([n, c]) => [
      n,
      {
        ...c,
        ...(c.env ? { env: mask(c.env) } : {}),
        ...(c.headers ? { headers: mask(c.headers) } : {}),
      },
    ]),
  );
}
