import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import { Comput3Error } from '../errors.js';
import { clean } from './result.js';

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

/** The options of {@link connectMcp}. */
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

/** A tool an MCP server offers, as it listed it. */
export type McpToolInfo = McpTool;

/**
 * An MCP server failed: it could not start, closed, did not answer in time, or sent what is not
 * JSON-RPC. The message names the server (never its arguments, environment or headers, which
 * may hold secrets) and ends with the last of what it wrote on stderr.
 */
export class McpServerError extends Comput3Error {
  override name = 'McpServerError';
  constructor(
    /** The server's name, as it was connected. */
    readonly server: string,
    message: string,
  ) {
    super(message);
  }
}

const NAME = /^[A-Za-z0-9_-]{1,32}$/;
const MAX_TOOLS = 512;
const STDERR_TAIL = 2048;

/**
 * Starts (or reaches) an MCP server and does the handshake. The connection is the caller's:
 * reuse it across calls and runs, and `close()` it when done. A stdio server is stopped on
 * `close()`, and when this process exits.
 *
 * @example
 * ```ts
 * const fs = await connectMcp('fs', { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', './docs'] });
 * try {
 *   const tools = await mcpTools(fs, { approve: (call) => call.readOnly });
 *   console.log(await runTools(client, { model: 'kimi-k2', messages, tools }).finalContent());
 * } finally {
 *   await fs.close();
 * }
 * ```
 */
export async function connectMcp(
  name: string,
  config: McpServerConfig,
  options: McpConnectOptions = {},
): Promise<McpConnection> {
  if (!NAME.test(name)) {
    throw new Comput3Error(
      `An MCP server's name is 1 to 32 letters, digits, "_" or "-" (it prefixes its tools' names), got ${JSON.stringify(String(name).slice(0, 40))}.`,
    );
  }
  const problem = configProblem(config);
  if (problem) throw new McpServerError(name, `MCP server "${name}": ${problem}`);
  const [{ Client }, transport] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    transportFor(config, options),
  ]);
  const client = new Client({ name: '@comput3/core', version: '1' });
  const connection = new McpConnection(name, client, transport.transport, transport.stderr);
  try {
    await client.connect(transport.transport, {
      timeout: options.timeout ?? 30_000,
      signal: options.signal,
    });
  } catch (error) {
    await connection.close();
    throw connection.failure(error, 'before it was ready');
  }
  return connection;
}

function configProblem(config: McpServerConfig): string | undefined {
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

async function transportFor(
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

const ON_CLOSE = Symbol('onClose');

/** A connected MCP server: its tools, calls of them, and `close()`. Made by {@link connectMcp}. */
export class McpConnection {
  readonly #client: Client;
  readonly #transport: Transport & { [ON_CLOSE]?: () => void };
  readonly #stderr: (() => string) | undefined;
  readonly #calls = new Set<AbortController>();
  #tools: Promise<McpToolInfo[]> | undefined;
  /** Why calls can no longer be made: closed by the caller, or by the server. */
  #ended: McpServerError | undefined;

  /** @internal Made by {@link connectMcp}. */
  constructor(
    /** The name it was connected under, which namespaces its tools. */
    readonly name: string,
    client: Client,
    transport: Transport,
    stderr: (() => string) | undefined,
  ) {
    this.#client = client;
    this.#transport = transport;
    this.#stderr = stderr;
    // Something arrived that is not JSON-RPC (or is too big): the calls waiting on this server
    // fail now, with that, rather than at their timeout.
    client.onerror = (error) => {
      const broken = this.#protocolError(error);
      if (broken) for (const call of this.#calls) call.abort(broken);
    };
    client.onclose = () => {
      this.#transport[ON_CLOSE]?.();
      this.#ended ??= new McpServerError(this.name, this.#say('closed the connection'));
      for (const call of this.#calls) call.abort(this.#ended);
    };
  }

  /** The server's tools (listed once, then kept; at most 512). */
  tools(): Promise<McpToolInfo[]> {
    this.#tools ??= this.#listTools();
    return this.#tools;
  }

  async #listTools(): Promise<McpToolInfo[]> {
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    try {
      // Pages until the server says there are no more, or the cap: a server that pages for
      // ever is not listed for ever.
      for (let page = 0; page < 64 && tools.length < MAX_TOOLS; page++) {
        const listed = await this.#client.listTools(cursor === undefined ? {} : { cursor });
        tools.push(...listed.tools.slice(0, MAX_TOOLS - tools.length));
        cursor = listed.nextCursor;
        if (cursor === undefined) break;
      }
    } catch (error) {
      this.#tools = undefined; // asked again next time
      throw this.failure(error, 'when asked for its tools');
    }
    return tools;
  }

  /**
   * Calls one of the server's tools. Rejects with a {@link McpServerError} when the server does
   * not answer within `timeout` ms (default 60 s), closes, or answers what is not JSON-RPC.
   */
  async callTool(
    tool: string,
    args: Record<string, unknown>,
    options: { signal?: AbortSignal | undefined; timeout?: number | undefined } = {},
  ): Promise<CallToolResult> {
    if (this.#ended) throw this.#ended;
    const call = new AbortController();
    const stop = () => call.abort(options.signal!.reason);
    options.signal?.addEventListener('abort', stop, { once: true });
    if (options.signal?.aborted) stop();
    this.#calls.add(call);
    const timeout = options.timeout ?? 60_000;
    try {
      return (await this.#client.callTool({ name: tool, arguments: args }, undefined, {
        signal: call.signal,
        timeout,
      })) as CallToolResult;
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      // Failed by this connection (garbage, a close): the SDK wraps the reason as a timeout.
      if (call.signal.reason instanceof McpServerError) throw call.signal.reason;
      if ((error as { code?: unknown }).code === -32001)
        throw new McpServerError(
          this.name,
          `MCP server "${this.name}" did not answer ${tool} within ${timeout / 1000} s.`,
        );
      throw this.failure(error, `during ${tool}`);
    } finally {
      options.signal?.removeEventListener('abort', stop);
      this.#calls.delete(call);
    }
  }

  /** Ends the connection; a stdio server is stopped (stdin closed, then SIGTERM, then SIGKILL). */
  async close(): Promise<void> {
    this.#ended ??= new McpServerError(this.name, `MCP server "${this.name}" is closed.`);
    try {
      await this.#client.close();
    } catch {
      // closing what is broken already
    }
    this.#transport[ON_CLOSE]?.();
  }

  /** @internal An error from the server or the SDK, as one clear McpServerError. */
  failure(error: unknown, when: string): McpServerError {
    if (error instanceof McpServerError) return error;
    const message = error instanceof Error ? error.message : String(error);
    if ((error as { code?: unknown }).code === 'ENOENT')
      return new McpServerError(
        this.name,
        `MCP server "${this.name}": its command was not found (${clean(message).slice(0, 200)}).`,
      );
    return new McpServerError(
      this.name,
      this.#say(`failed ${when}: ${clean(message).replace(/\s+/g, ' ').slice(0, 300)}`),
    );
  }

  #protocolError(error: Error): McpServerError | undefined {
    const malformed =
      error instanceof SyntaxError ||
      error.name === 'ZodError' ||
      /ReadBuffer exceeded/.test(error.message);
    if (!malformed) return undefined;
    const what = /ReadBuffer exceeded/.test(error.message)
      ? 'sent a message larger than maxMessageSize'
      : 'sent a message that is not JSON-RPC';
    return new McpServerError(this.name, this.#say(what));
  }

  #say(what: string): string {
    const tail = clean(this.#stderr?.() ?? '')
      .trim()
      .split('\n')
      .slice(-3)
      .join(' | ')
      .slice(-300);
    return `MCP server "${this.name}" ${what}${tail ? ` (its stderr: ${tail})` : ''}.`;
  }
}
