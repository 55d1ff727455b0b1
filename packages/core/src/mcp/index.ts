/**
 * `@comput3/core/mcp`: tools from Model Context Protocol servers, for `runTools`. A subpath of
 * its own, and `@modelcontextprotocol/sdk` an optional peer: an app that does not use MCP ships
 * none of it, and the main entry keeps its size budget.
 *
 * @module mcp
 */
export { connectMcp, McpConnection, McpServerError, type McpToolInfo } from './connect.js';
export type { McpConnectOptions, McpServerConfig } from './transport.js';
export {
  mcpTools,
  type McpApproval,
  type McpRunnableTool,
  type McpToolCall,
  type McpToolsOptions,
} from './tools.js';
