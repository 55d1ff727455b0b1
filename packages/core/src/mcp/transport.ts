import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/**
 * How to reach an MCP server, in the shape other MCP clients' config files use (an entry of
 * `mcpServers`): a `command` to start (stdio), or the `url` of a streamable HTTP server.
 */
export interface McpServerConfig {
  /** The program that runs the server, spoken to over its stdin and stdout. */
  command?: string | undefined;
  /** Its arguments. Passed as they are: no shell reads them. */
  args?: string[] | undefined;
  /**
   * Variables for its environment, beside the few every server gets (PATH, HOME, USER, SHELL,
   * TERM, LOGNAME): the parent's environment, and the API key in it, is not passed on.
   */
  env?: Record<string, string> | undefined;
  /** The folder it runs in (default: this process's). */
  cwd?: string | undefined;
  /** The address of a streamable HTTP server, instead of a command. */
  url?: string | undefined;
  /** Headers sent to the HTTP server with every request (an `Authorization`, say). */
  headers?: Record<string, string> | undefined;
}

/** The options of `connectMcp`. */
export interface McpConnectOptions {
  /** How long the server has to start and answer the handshake, in ms. Default 30 s. */
  timeout?: number | undefined;
  /**
   * The largest message the server may send over stdio, in bytes (default 4 MiB). A bigger one
   * closes the connection: reading it whole would take this process's memory.
   */
  maxMessageSize?: number | undefined;
  /** Aborts the connection attempt. */
  signal?: AbortSignal | undefined;
}

const STDERR_TAIL = 2048;

/** What is wrong with a server's config, in a few words, or undefined. */
export function configProblem(config: McpServerConfig): string | undefined {
  if (typeof config !== 'object' || config === null) return 'its config must be an object.';
  const { command, url, args = [], env = {}, headers = {} } = config;
  if ((command === undefined) === (url === undefined))
    return 'give one of command (a server on stdio) and url (streamable HTTP).';
  if (command !== undefined && (typeof command !== 'string' || !command.trim()))
    return 'command must be a program name or path.';
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string'))
    return 'args must be an array of strings.';
  for (const [what, record] of [
    ['env', env],
    ['headers', headers],
  ] as const) {
    if (typeof record !== 'object' || record === null || Array.isArray(record))
      return `${what} must be an object of strings.`;
    if (!Object.values(record).every((v) => typeof v === 'string'))
      return `every value of ${what} must be a string.`;
  }
  if (url !== undefined && !/^https?:\/\//i.test(String(url)))
    return 'url must start with http:// or https://.';
  // fetch refuses such a URL with an error that repeats it, password and all.
  if (url !== undefined && /^[a-z]+:\/\/[^/?#]*@/i.test(String(url)))
    return 'url holds credentials: send them as a header instead (headers: { Authorization: … }).';
  return undefined;
}

/**
 * The SDK's transport for a config: streamable HTTP for a url; for a command, stdio with a small
 * environment, a bounded read buffer, and stderr kept (its last 2 kB) for errors.
 */
export async function transportFor(
  config: McpServerConfig,
  options: McpConnectOptions,
): Promise<{ transport: Transport; stderr?: () => string }> {
  if (config.url !== undefined) {
    const { StreamableHTTPClientTransport } =
      await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    return {
      transport: new StreamableHTTPClientTransport(new URL(config.url), {
        requestInit: { headers: config.headers ?? {} },
      }),
    };
  }
  const { StdioClientTransport, getDefaultEnvironment } =
    await import('@modelcontextprotocol/sdk/client/stdio.js');
  const transport = new StdioClientTransport({
    command: config.command!,
    args: config.args ?? [],
    env: { ...getDefaultEnvironment(), ...config.env },
    ...(config.cwd !== undefined ? { cwd: config.cwd } : {}),
    // Kept, not shown: a server's log would write over the caller's terminal. The last of it
    // goes into the error when the server fails.
    stderr: 'pipe',
    maxBufferSize: options.maxMessageSize ?? 4 * 1024 * 1024,
  });
  let tail = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-STDERR_TAIL);
  });
  // Stopped with this process: a server must not outlive its client. (close() stops it
  // politely first: stdin closed, then SIGTERM, then SIGKILL.)
  const stop = () => {
    const { pid } = transport;
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  };
  process.once('exit', stop);
  const onclose = () => process.off('exit', stop);
  return { transport: Object.assign(transport, { [ON_CLOSE]: onclose }), stderr: () => tail };
}

/** Told when the transport closes (stops watching for this process's exit). */
export const ON_CLOSE = Symbol('onClose');
