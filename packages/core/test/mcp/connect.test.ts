// Connecting to MCP servers, listing and calling their tools: server-everything over stdio and
// over streamable HTTP, and configs that cannot work.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectMcp, McpServerError, type McpConnection } from '../../src/mcp/index.js';
import { everything } from './servers.js';

let server: McpConnection;
beforeAll(async () => {
  server = await connectMcp('everything', everything);
});
afterAll(() => server.close());

test('lists the tools of server-everything and calls one', async () => {
  const tools = await server.tools();
  expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'get-sum']));
  expect(await server.tools()).toBe(tools); // listed once
  const result = await server.callTool('get-sum', { a: 2, b: 3 });
  expect(result.content).toEqual([{ type: 'text', text: 'The sum of 2 and 3 is 5.' }]);
});

test('an unknown tool is an error result, and the connection stays usable', async () => {
  const result = await server.callTool('no-such-tool', {});
  expect(result.isError).toBe(true);
  expect(JSON.stringify(result.content)).toContain('no-such-tool');
  expect((await server.callTool('echo', { message: 'still here' })).content).toEqual([
    { type: 'text', text: 'Echo: still here' },
  ]);
});

test('a closed connection is one clear McpServerError', async () => {
  const once = await connectMcp('once', everything);
  await once.close();
  const error = await once.callTool('echo', { message: 'x' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(McpServerError);
  expect((error as McpServerError).server).toBe('once');
  expect((error as Error).message).toBe('MCP server "once" is closed.');
});

test('the server does not inherit the API key: only a few safe variables and its own env', async () => {
  process.env.COMPUT3_API_KEY = 'sk-never-passed-on-1234';
  const child = await connectMcp('env', { ...everything, env: { MINE: 'yes' } });
  try {
    const result = await child.callTool('get-env', {});
    const text = JSON.stringify(result.content);
    expect(text).toContain('MINE');
    expect(text).not.toContain('sk-never-passed-on');
    expect(text).not.toContain('COMPUT3_API_KEY');
  } finally {
    delete process.env.COMPUT3_API_KEY;
    await child.close();
  }
});

test('streamable HTTP: server-everything started on a free port by the test', async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const http = spawn(process.execPath, [everything.args![0]!, 'streamableHttp'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    // Ready when it says so on stderr.
    await new Promise<void>((resolve, reject) => {
      let said = '';
      http.stderr!.on('data', (d: Buffer) => {
        said += d;
        if (said.includes('listening on port')) resolve();
      });
      http.once('exit', (code) => reject(new Error(`server-everything exited (${code}): ${said}`)));
    });
    const remote = await connectMcp('remote', { url: `http://127.0.0.1:${port}/mcp` });
    try {
      expect((await remote.callTool('echo', { message: 'over http' })).content).toEqual([
        { type: 'text', text: 'Echo: over http' },
      ]);
    } finally {
      await remote.close();
    }
  } finally {
    http.kill();
  }
});

test('configs that cannot work are one clear line each, before anything starts', async () => {
  await expect(connectMcp('bad name!', everything)).rejects.toThrow(
    /An MCP server's name is 1 to 32 letters/,
  );
  await expect(connectMcp('x', {})).rejects.toThrow(
    'MCP server "x": give one of command (a server on stdio) and url (streamable HTTP).',
  );
  const withPassword = await connectMcp('x', {
    url: 'http://me:hunter2-secret@127.0.0.1:1/mcp',
  }).catch((e: unknown) => e as Error);
  expect((withPassword as Error).message).toBe(
    'MCP server "x": url holds credentials: send them as a header instead (headers: { Authorization: … }).',
  );
  await expect(connectMcp('x', { url: 'file:///etc/passwd' })).rejects.toThrow(
    'url must start with http:// or https://',
  );
  await expect(connectMcp('x', { command: 'node', args: [1 as never] })).rejects.toThrow(
    'args must be an array of strings',
  );
  const missing = await connectMcp('missing', {
    command: 'comput3-no-such-program',
    args: ['--token', 'sk-secret-in-args'],
  }).catch((e: unknown) => e);
  expect(missing).toBeInstanceOf(McpServerError);
  expect((missing as Error).message).toMatch(/^MCP server "missing"/);
  expect((missing as Error).message).not.toContain('sk-secret-in-args');
});

test('a server that exits before the handshake: its stderr in the error', async () => {
  const error = await connectMcp('quits', {
    command: process.execPath,
    args: ['-e', 'process.stderr.write("cannot open the database\\n"); process.exit(2)'],
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(McpServerError);
  expect((error as Error).message).toContain('MCP server "quits"');
  expect((error as Error).message).toContain('cannot open the database');
});
