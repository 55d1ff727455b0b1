// Keys in the OS keychain, for real: GNOME Keyring's Secret Service on a private session bus.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, home, run, startPty } from './run.js';

const KEY = 'sk-keychain-SECRET-7310';
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ apiKeys: [KEY] });
});
afterAll(() => mock.close());

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
// Debian's gnome-keyring and libsecret-tools (apt-get install gnome-keyring libsecret-tools).
const keyring = has('dbus-run-session') && has('gnome-keyring-daemon') && has('secret-tool');

describe('keys', () => {
  test('no keychain (no session bus): the key goes to a 0600 file, and keys path says so', async () => {
    const h = home({ COMPUT3_BASE_URL: mock.url });
    const set = await run(['keys', 'set'], h.env, `${KEY}\n`);
    const path = join(h.config, 'comput3', 'key');
    expect(set.stdout).toMatch(
      new RegExp(
        `^Saved the key to ${path}: no OS keychain available \\(.+\\), so a file readable by you only\\.\\n$`,
      ),
    );
    expect(set.stdout + set.stderr).not.toContain(KEY);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect((await run(['keys', 'path'], h.env)).stdout).toBe(`${path}\n`);
    expect((await run(['hello'], h.env)).code).toBe(0);
    // keys token: the key into a pipe, for a program; on a terminal it refuses.
    expect((await run(['keys', 'token'], h.env)).stdout).toBe(`${KEY}\n`);
    const term = startPty(['keys', 'token'], h.env);
    try {
      await term.waitFor('writes the key for a program to read, never to the screen');
      expect(await term.done).toBe(2);
      expect(term.screen()).not.toContain(KEY);
    } finally {
      term.kill();
    }
    const none = await run(['keys', 'token'], home().env);
    expect([none.code, none.stderr]).toEqual([
      3,
      'comput3: No key set: store one with comput3 keys set.\n',
    ]);
  });

  test.skipIf(!keyring)(
    'with a Secret Service: stored there, used, found by secret-tool, removed',
    async () => {
      const h = home({ COMPUT3_BASE_URL: mock.url });
      const cli = `'${process.execPath}' '${BIN}'`;
      // One session bus for the whole script: its keyring lives as long as the session.
      const script = `
      set -e
      echo -n test-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
      printf '%s\\n' '${KEY}' | ${cli} keys set
      ${cli} keys path
      ${cli} keys status
      echo "lookup: $(secret-tool lookup service comput3 username api-key)"
      ${cli} "who am I" </dev/null >/dev/null && echo "prompt: ok"
      ${cli} keys remove
      ${cli} keys
    `;
      // Not spawnSync: the mock answering the prompt runs in this process.
      const r = await promisify(execFile)('dbus-run-session', ['--', 'sh', '-c', script], {
        env: h.env,
        timeout: 50_000,
      });
      expect(r.stdout).toBe(
        [
          'Saved the key to the OS keychain (Secret Service).',
          'the OS keychain (Secret Service)',
          'A key is set (the OS keychain (Secret Service)).',
          `lookup: ${KEY}`,
          'prompt: ok',
          'Removed the key from the OS keychain (Secret Service).',
          'No key set.',
          '',
        ].join('\n'),
      );
      // No copy of the key on disk.
      expect(existsSync(join(h.config, 'comput3', 'key'))).toBe(false);
    },
    60_000,
  );
});
