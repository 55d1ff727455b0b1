// The first page of the guide, followed as written by someone with no key: pack the SDK from
// this checkout, install the tarballs into a new project, save first.mts, start the mock, run
// the file. The commands are the page's own, read from it; the only changes are the path of
// the checkout's packs/ folder and a free port for the mock in place of 4010 (which another
// program on a test machine may hold).
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promisify } from 'node:util';

const root = new URL('../../', import.meta.url).pathname;
const page = readFileSync(new URL('../guide/getting-started.md', import.meta.url), 'utf8');
const blocks = (lang) =>
  [...page.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
/** The commands of a shell block, one a line, without their comments. */
const commands = (block) =>
  block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
const sh = promisify(execFile);

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

test(
  'getting started, as written, with no key: pack, install, first.mts against the mock',
  { timeout: 600_000 },
  async () => {
    const [install, run] = blocks('sh');
    const first = page.split('Save this as `first.mts`')[1];
    const [code] = [...first.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.ok(
      install && run && code,
      'the page has its install block, first.mts and its run block',
    );
    const [pack, mkdir, npmInstall] = commands(install);
    assert.equal(pack, 'pnpm sdk:pack');
    const [startMock, runFirst] = commands(run);

    const work = mkdtempSync(join(tmpdir(), 'getting-started-'));
    const packs = join(work, 'packs');
    const env = { PATH: process.env.PATH, HOME: work, npm_config_cache: join(work, 'npm-cache') };
    let mock;
    try {
      // `pnpm sdk:pack`, into a folder of this test's; turbo built the SDK before this test.
      await sh(process.execPath, [
        join(root, 'scripts/sdk-pack.mjs'),
        '--out',
        packs,
        '--no-build',
      ]);
      await sh('sh', ['-c', mkdir], { cwd: work, env });
      const hello = join(work, 'hello');
      await sh('sh', ['-c', npmInstall.replace('/path/to/the/checkout/packs', packs)], {
        cwd: hello,
        env,
        timeout: 300_000,
      });
      writeFileSync(join(hello, 'first.mts'), code);

      const port = String(await freePort());
      mock = spawn('sh', ['-c', `${startMock} --port ${port}`], {
        cwd: hello,
        env,
        detached: true,
      });
      await new Promise((resolve, reject) => {
        let out = '';
        mock.stdout.on('data', (d) => {
          out += d;
          if (out.includes('listening on')) resolve();
        });
        mock.on('close', () => reject(new Error(`the mock exited: ${out}`)));
      });
      const { stdout } = await sh('sh', ['-c', runFirst.replaceAll('4010', port)], {
        cwd: hello,
        env,
        timeout: 120_000,
      });
      assert.match(stdout, /Offline mock of kimi-k2/);
      assert.match(stdout, /\d+ ms, \d+ tokens/);
    } finally {
      if (mock) process.kill(-mock.pid, 'SIGTERM');
      rmSync(work, { recursive: true, force: true });
    }
  },
);
