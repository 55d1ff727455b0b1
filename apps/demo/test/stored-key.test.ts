// `pnpm demo` with no COMPUT3_API_KEY uses the key stored with `comput3 keys set`: the script
// asks the CLI (`comput3 keys token`, into a pipe) and hands it to the server's environment.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, expect, test } from 'vitest';

const DEMO = fileURLToPath(new URL('../../../scripts/demo.mjs', import.meta.url));
// The CLI is a devDependency of the demo for this: turbo builds it before these tests run.
const CLI = fileURLToPath(
  new URL('bin/comput3.js', import.meta.resolve('@comput3/cli/package.json')),
);
const KEY = 'sk-stored-by-keys-set-4242';

let mock: MockServer;
beforeAll(async () => {
  // A server that takes only the stored key: an answer proves the demo sent it.
  mock = await startMockServer({ apiKeys: [KEY] });
});
afterAll(() => mock.close());

test('pnpm demo calls the API with the key stored by comput3 keys set; the key is not printed', async () => {
  const home = mkdtempSync(join(tmpdir(), 'demo-stored-key-'));
  // No session bus: no keychain, so the key goes to the 0600 file under XDG_CONFIG_HOME.
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    COMPUT3_BASE_URL: mock.url,
    PORT: '0',
  };
  const set = spawnSync(process.execPath, [CLI, 'keys', 'set'], { env, input: `${KEY}\n` });
  expect(set.status).toBe(0);
  const child = spawn(process.execPath, [DEMO, '--no-build'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const found = /Open (http:\S+)/.exec(out)?.[1];
        if (found) resolve(found);
      });
      child.on('close', () => reject(new Error(`exited: ${out}`)));
    });
    expect(out).toContain('pnpm demo: using the key stored with comput3 keys set.');
    const config = (await (await fetch(new URL('/api/config', url))).json()) as { mode: string };
    expect(config.mode).toBe('live API');
    const answer = await fetch(new URL('/api/chat/completions', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: new URL(url).origin },
      body: JSON.stringify({
        model: 'kimi-k2',
        messages: [{ role: 'user', content: 'hello' }],
        stream: true,
      }),
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('data: [DONE]');
    expect(out).not.toContain(KEY);
  } finally {
    // pnpm demo leaves Ctrl-C to the server (the terminal sends it to both); TERM it forwards.
    child.kill('SIGTERM');
    await exited;
  }
});
