import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { Comput3Error } from '../errors.js';
import type { JsonSchema } from '../tools/standard-schema.js';
import type { RunnableTool } from '../tools/tool.js';
import type { McpConnection, McpToolInfo } from './connect.js';
import { clean, resultText } from './result.js';

/** One call of an MCP tool, as the approval hook sees it before it runs. */
export interface McpToolCall {
  /** The server's name. */
  server: string;
  /** The tool's name on its server. */
  tool: string;
  /** The name the model called it by (namespaced when two servers offer the same). */
  name: string;
  /** The arguments the model gave. */
  arguments: Record<string, unknown>;
  /** The server says the tool only reads (its `readOnlyHint`, and not `destructiveHint`). */
  readOnly: boolean;
  /** The tool's annotations as the server gave them: hints, not guarantees. */
  annotations: ToolAnnotations | undefined;
}

/** An answer of the approval hook: yes, no, or yes to this tool from now on. */
export type McpApproval = boolean | 'always';

/** The options of {@link mcpTools}. */
export interface McpToolsOptions {
  /**
   * Asked before each call (one at a time: a person answers them in order). `false` sends the
   * model "the user did not allow this call" as the tool's result, and the run goes on;
   * `'always'` allows this tool for the rest of these tools' life. Required unless
   * `autoApprove` is `'all'`.
   */
  approve?: ((call: McpToolCall) => McpApproval | Promise<McpApproval>) | undefined;
  /**
   * Calls allowed without asking: `'read-only'` allows tools the server marks read-only (a
   * hint from the server, so only for servers you trust), `'all'` allows every call. Default
   * `'none'`: every call is asked.
   */
  autoApprove?: 'none' | 'read-only' | 'all' | undefined;
  /** How long one call may take, in ms. Default 60 s. */
  timeout?: number | undefined;
  /** The most characters of one result sent to the model; the rest is cut, with a note. Default 100,000. */
  maxResultSize?: number | undefined;
  /** Names already taken (your local tools): an MCP tool of the same name is namespaced. */
  reserved?: Iterable<string> | undefined;
}

/** A tool of an MCP server, ready for `runTools`. */
export interface McpRunnableTool extends RunnableTool<Record<string, unknown>> {
  /** Where it comes from. */
  mcp: {
    /** The server's name. */
    server: string;
    /** The tool's name on its server (before namespacing). */
    tool: string;
    /** The server marks it read-only (`readOnlyHint`, and not `destructiveHint`). */
    readOnly: boolean;
  };
}

const MAX_DESCRIPTION = 1024;
const MAX_SCHEMA = 64 * 1024;

/** A tool name as the API takes it: letters, digits, `_` and `-`, at most 64. */
const apiName = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'tool';

/**
 * The tools of MCP servers, for `runTools` beside your own. Each call goes through `approve`
 * (or `autoApprove`), runs on its server under `timeout`, and comes back to the model as text
 * marked as untrusted data. A tool that fails, a server that hangs or dies, or a refusal is the
 * tool's result (`Error: …`), and the conversation goes on. Names two servers (or a local tool)
 * share are namespaced as `server__tool`.
 */
export async function mcpTools(
  servers: McpConnection | readonly McpConnection[],
  options: McpToolsOptions = {},
): Promise<McpRunnableTool[]> {
  const { approve, autoApprove = 'none', timeout = 60_000, maxResultSize = 100_000 } = options;
  if (!approve && autoApprove !== 'all') {
    throw new Comput3Error(
      "mcpTools needs an approve(call) hook that asks before each call, or autoApprove: 'all' to allow every call without asking.",
    );
  }
  for (const [name, value] of Object.entries({ timeout, maxResultSize }))
    if (!Number.isSafeInteger(value) || value < 1)
      throw new Comput3Error(
        `${name} must be a whole number of at least 1, got ${JSON.stringify(value)}.`,
      );
  const list = ([] as McpConnection[]).concat(servers);
  const listed = await Promise.all(list.map(async (s) => ({ server: s, tools: await s.tools() })));

  // A name seen twice (across servers, or beside a local tool) is namespaced by its server.
  const taken = new Set(options.reserved ?? []);
  const count = new Map<string, number>();
  for (const { tools } of listed)
    for (const t of tools) count.set(apiName(t.name), (count.get(apiName(t.name)) ?? 0) + 1);
  const used = new Set(taken);
  const nameFor = (server: string, tool: string) => {
    const plain = apiName(tool);
    let name = count.get(plain)! > 1 || taken.has(plain) ? apiName(`${server}__${tool}`) : plain;
    for (let n = 2; used.has(name); n++) name = `${name.slice(0, 60)}_${n}`;
    used.add(name);
    return name;
  };

  const always = new Set<string>();
  let asking: Promise<unknown> = Promise.resolve();
  const allowed = async (call: McpToolCall): Promise<boolean> => {
    if (autoApprove === 'all' || always.has(call.name)) return true;
    if (autoApprove === 'read-only' && call.readOnly) return true;
    // One question at a time, in the order the calls came.
    const answer = asking.then(() => (always.has(call.name) ? true : approve!(call)));
    asking = answer.catch(() => {});
    const said = await answer;
    if (said === 'always') always.add(call.name);
    return said === true || said === 'always';
  };

  return listed.flatMap(({ server, tools }) =>
    tools.map((info): McpRunnableTool => {
      const name = nameFor(server.name, info.name);
      const annotations = info.annotations;
      const readOnly = annotations?.readOnlyHint === true && annotations.destructiveHint !== true;
      const label = `${server.name}/${clean(info.name).slice(0, 64)}`;
      return {
        name,
        description: descriptionOf(info),
        parameters: schemaOf(info),
        mcp: { server: server.name, tool: info.name, readOnly },
        async run(args, { signal }) {
          if (typeof args !== 'object' || args === null || Array.isArray(args))
            throw new Error(`the arguments of ${name} must be a JSON object.`);
          const call = {
            server: server.name,
            tool: info.name,
            name,
            arguments: args,
            readOnly,
            annotations,
          };
          if (!(await allowed(call)))
            throw new Error(`the user did not allow this call of ${label}.`);
          const result = await server.callTool(info.name, args, { signal, timeout });
          const text = resultText(result, { server: server.name, tool: info.name }, maxResultSize);
          if (result.isError) throw new Error(text);
          return text;
        },
      };
    }),
  );
}

function descriptionOf(info: McpToolInfo): string | undefined {
  const text = clean(info.description ?? info.title ?? '').trim();
  if (!text) return undefined;
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}…` : text;
}

/** The tool's input schema, sent to the model as it is when it is a sane object schema. */
function schemaOf(info: McpToolInfo): JsonSchema {
  const schema = info.inputSchema as JsonSchema | undefined;
  if (
    typeof schema === 'object' &&
    schema !== null &&
    schema.type === 'object' &&
    JSON.stringify(schema).length <= MAX_SCHEMA
  )
    return schema;
  return { type: 'object' };
}
