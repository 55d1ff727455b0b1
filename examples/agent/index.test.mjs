// Runs the example as a user would, offline, and checks each step it prints.
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('the agent calls its tool and answers; parse gives JSON that fits the zod schema', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'index.ts'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, COMPUT3_API_KEY: '' },
  });
  assert.match(out, /^tool call: get_weather\(\{"city":"[^"]+"\}\)$/m);
  assert.match(out, /^tool result: \{"city":"[^"]+","temperature":19,"sky":"clear"\}$/m);
  assert.match(out, /^answer: .+/m);
  assert.match(out, /^trip: \d+ days in \S.* \(\d+ highlights\)$/m);
});
