// `pnpm cli:install`, the README's way to put this checkout's comput3 on PATH: packed as npm
// would publish it and installed with npm install -g (under a scratch prefix here).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../../scripts/install-cli.mjs', import.meta.url));
const prefix = mkdtempSync(join(tmpdir(), 'comput3-global-'));
afterAll(() => rmSync(prefix, { recursive: true, force: true }));

test('installs a working comput3 globally, and says where and what to try', async () => {
  // The build is this test task's own dependency (turbo): not run again from inside it.
  const { stderr } = await promisify(execFile)(
    process.execPath,
    [SCRIPT, '--prefix', prefix, '--no-build'],
    {
      timeout: 120_000,
      // As `pnpm cli:install` runs it: pnpm hands its own settings to the script's environment.
      env: {
        ...process.env,
        npm_config_verify_deps_before_run: 'false',
        npm_config_npm_globalconfig: '/etc/npmrc',
        npm_config__jsr_registry: 'https://npm.jsr.io/',
        npm_config_store_dir: '/tmp/pnpm-store',
        npm_config_frozen_lockfile: 'false',
      },
    },
  );
  // Nothing a first run should worry about: no npm warnings.
  expect(stderr).not.toMatch(/npm warn/i);
  const bin = join(prefix, 'bin', 'comput3');
  expect(stderr).toContain(`installed comput3 `);
  expect(stderr).toContain(`as ${bin}.`);
  expect(stderr).toContain('is not on your PATH');
  const running = promisify(execFile)(bin, ['--offline', 'hello'], {
    env: { PATH: process.env.PATH, HOME: prefix, XDG_DATA_HOME: join(prefix, 'data') },
    timeout: 60_000,
  });
  running.child.stdin!.end(); // nothing piped in: the prompt is the argument
  const answer = await running;
  expect(answer.stdout).toMatch(/Hello|Hi/);
}, 150_000);
