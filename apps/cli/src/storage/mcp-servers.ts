import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { McpServerConfig } from '@comput3/core/mcp';
import { parse } from 'shell-quote';
import { CliError, EXIT } from '../cli-error.js';
import { forName } from '../render/safe-output.js';
import { configDir } from './config.js';
import { writePrivateFile } from './private-file.js';

/**
 * Named MCP servers, in `mcp.json` beside the config, in the shape other MCP clients use
 * (Claude Desktop, Cursor, VS Code): `{"mcpServers": {"fs": {"command": "npx", "args": […]}}}`.
 * Written 0600: an entry's env or headers can hold a token.
 */
export const mcpPath = () => join(configDir(), 'mcp.json');

const NAME = /^[A-Za-z0-9_-]{1,32}$/;

export function readMcpServers(): Record<string, McpServerConfig> {
  let text: string;
  try {
    text = readFileSync(mcpPath(), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(`Cannot read ${mcpPath()}: ${(error as Error).message}.`, EXIT.error);
  }
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `Cannot read ${mcpPath()}: ${(error as Error).message}. Fix or delete the file.`,
      EXIT.error,
    );
  }
  const servers = (file as { mcpServers?: unknown } | null)?.mcpServers ?? {};
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers))
    throw new CliError(
      `Cannot read ${mcpPath()}: "mcpServers" must be an object of servers by name. Fix or delete the file.`,
      EXIT.error,
    );
  // A plain object made from checked names: a name such as "__proto__" is not a key here.
  const out: Record<string, McpServerConfig> = Object.create(null);
  for (const [name, config] of Object.entries(servers)) {
    if (!NAME.test(name))
      throw new CliError(
        `Cannot read ${mcpPath()}: "${forName(name.slice(0, 40))}" is not a server name (1 to 32 letters, digits, "_" or "-").`,
        EXIT.error,
      );
    out[name] = config as McpServerConfig;
  }
  return out;
}

export function writeMcpServers(servers: Record<string, McpServerConfig>): void {
  writePrivateFile(mcpPath(), `${JSON.stringify({ mcpServers: servers }, null, 2)}\n`);
}

/**
 * What `--mcp` or `comput3 mcp add` was given: the URL of a streamable HTTP server, or a command
 * line, split as a shell would split it (quotes and backslashes) but never run by one: a pipe,
 * a redirection, `$(…)` or a glob is refused rather than passed on as text.
 */
export function serverFromSpec(spec: string): McpServerConfig {
  const text = spec.trim();
  if (/^https?:\/\//i.test(text)) {
    try {
      new URL(text);
    } catch {
      throw new CliError(`"${forName(text.slice(0, 80))}" is not a URL an MCP server can be at.`);
    }
    return { url: text };
  }
  // Variables are left as they are written ($HOME stays "$HOME"): no shell reads the line.
  const words = parse(text, (name) => `$${name}`);
  if (!words.length) throw new CliError('An MCP server is a command to run, or an http(s) URL.');
  const strings: string[] = [];
  for (const word of words) {
    if (typeof word !== 'string')
      throw new CliError(
        `The MCP server command "${forName(text.slice(0, 80))}" has shell syntax (${'op' in word ? word.op : 'a comment'}), and no shell runs it: give one program and its arguments, or put the pipeline in a script.`,
      );
    strings.push(word);
  }
  const [command, ...args] = strings;
  return { command: command!, args };
}

/** A name for a server given by command: its package's name ("server-filesystem" → "filesystem"). */
export function nameFor(config: McpServerConfig, taken: Set<string>): string {
  const words = config.url
    ? [new URL(config.url).hostname]
    : [config.command!, ...(config.args ?? [])];
  const word =
    words.map((w) => /server-([A-Za-z0-9_-]+)/.exec(w)?.[1]).find(Boolean) ??
    words
      .find(
        (w) =>
          !w.startsWith('-') &&
          !/^(npx|node|uvx|python3?|bunx|deno|pnpm|dlx)$/.test(w.replace(/^.*\//, '')),
      )
      ?.replace(/^.*\//, '')
      .replace(/\.[A-Za-z0-9]+$/, '') ??
    'mcp';
  const base =
    word
      .replace(/@.*$/, '')
      .replace(/[^A-Za-z0-9_-]/g, '_')
      .slice(0, 28) || 'mcp';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
  taken.add(name);
  return name;
}
