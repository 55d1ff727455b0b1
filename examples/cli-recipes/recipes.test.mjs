// Each recipe run by bash as written, offline, with this checkout's comput3 on PATH.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const here = fileURLToPath(new URL('.', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'cli-recipes-'));
const bin = join(home, 'bin');
mkdirSync(bin);
symlinkSync(
  fileURLToPath(new URL('../../apps/cli/bin/comput3.js', import.meta.url)),
  join(bin, 'comput3'),
);
const env = {
  PATH: `${bin}:${process.env.PATH}`,
  HOME: home,
  XDG_CONFIG_HOME: join(home, 'config'),
  XDG_DATA_HOME: join(home, 'data'),
  COMPUT3_OFFLINE_PACE: 'instant',
};
const sh = (script, input) =>
  execFileSync('bash', [join(here, script), '--offline'], {
    env,
    encoding: 'utf8',
    input,
    timeout: 60_000,
    cwd: home,
  });

test('tokens.sh: the answer and its figures, taken apart with jq', () => {
  const out = sh('tokens.sh').trim().split('\n');
  assert.match(out.join('\n'), /The Nile, the Amazon and the Yangtze/);
  assert.match(out.at(-1), /^\d+ \+ \d+ tokens, request req_mock_\d+$/);
});

test('commit-message.sh: a staged diff goes in on stdin', () => {
  execFileSync('git', ['init', '-q'], { cwd: home, env });
  execFileSync('bash', ['-c', 'echo "hello" > a.txt && git add a.txt'], { cwd: home, env });
  const out = sh('commit-message.sh');
  assert.ok(out.trim().length > 0);
});

test('review.sh: a role made, listed and used', () => {
  const out = sh('review.sh');
  assert.match(out, /^reviewer +Reviews a change · qwen3-coder:480b$/m);
});
