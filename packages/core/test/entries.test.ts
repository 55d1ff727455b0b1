// The main entry in its two builds: Node (and Bun and Deno) take `index.node`, which reads a
// failed connection's causes (diagnose.ts), relays streams and follows same-origin redirects;
// browsers take `index`, 10 kB without them.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const dist = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));

/** The message of a request to a port nothing listens on, through one build of the entry. */
async function refused(entry: string): Promise<string> {
  const server = createServer();
  const port = await new Promise<number>((r) =>
    server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)),
  );
  await new Promise((r) => server.close(r)); // now nothing listens there
  const program = `
    const { Comput3 } = await import(${JSON.stringify(entry)});
    const c = new Comput3({ apiKey: 'sk-entries-test', baseURL: 'http://127.0.0.1:${port}/v1', maxRetries: 0 });
    await c.models.list().catch((e) => console.log(e.message));`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', program], {
    encoding: 'utf8',
  }).trim();
}

test('Node resolves the node build, which names the cause of a failed connection', async () => {
  const resolved = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', "console.log(import.meta.resolve('@comput3/core'))"],
    { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) },
  );
  expect(resolved.trim()).toMatch(/dist\/index\.node\.js$/);
  expect(await refused(dist('index.node.js'))).toContain('connection refused by 127.0.0.1:');
});

test('the browser build says only that the connection failed', async () => {
  const said = await refused(dist('index.js'));
  expect(said).toContain('failed: connection error');
  expect(said).not.toContain('connection refused by');
});

test('the relays are the server build’s; a browser bundle leaves them out', () => {
  const has = (entry: string) =>
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { ChatCompletionStream } = await import(${JSON.stringify(entry)});
         console.log(['toResponse', 'toReadableStream', 'toRawStream'].map((m) => typeof ChatCompletionStream.prototype[m]).join(' '));`,
      ],
      { encoding: 'utf8' },
    ).trim();
  expect(has(dist('index.node.js'))).toBe('function function function');
  expect(has(dist('index.js'))).toBe('undefined undefined undefined');
});
