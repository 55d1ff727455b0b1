// The MCP servers the tests start: two from the registry (installed as dev dependencies, run
// with this Node), and the hostile one written for the tests.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { McpServerConfig } from '../../src/mcp/index.js';

const require = createRequire(import.meta.url);
const bin = (pkg: string) =>
  require.resolve(`${pkg}/dist/index.js`, {
    paths: [fileURLToPath(new URL('.', import.meta.url))],
  });

export const everything: McpServerConfig = {
  command: process.execPath,
  args: [bin('@modelcontextprotocol/server-everything'), 'stdio'],
};

export const filesystem = (folder: string): McpServerConfig => ({
  command: process.execPath,
  args: [bin('@modelcontextprotocol/server-filesystem'), folder],
});

export const hostile: McpServerConfig = {
  command: process.execPath,
  args: [fileURLToPath(new URL('fixtures/hostile-server.mjs', import.meta.url))],
};
