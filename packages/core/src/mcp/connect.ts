import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import { Comput3Error } from '../errors.js';
import { clean } from './result.js';
import {
  configProblem,
  ON_CLOSE,
  transportFor,
  type McpConnectOptions,
  type McpServerConfig,
} from './transport.js';

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
