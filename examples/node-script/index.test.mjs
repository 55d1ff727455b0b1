// Runs the example as a user would (pnpm start), offline, and checks what it prints.
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('the script runs offline and prints its four steps', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'index.ts'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, COMPUT3_API_KEY: '' },
  });
  assert.match(out, /^1\. /m);
  assert.match(out, /The Nile, the Amazon and the Yangtze/);
  assert.match(out, /Paris is the capital of France/);
  assert.match(out, /^ {3}first token after \d+(\.\d+)? ms, [\d.]+ tokens\/s$/m);
  assert.match(out, /^3\. answered after 1 retry$/m);
  assert.match(out, /^ {3}rate limited: try again in 7 s$/m);
  assert.match(out, /^4\. stopped after \d+ characters$/m);
});
