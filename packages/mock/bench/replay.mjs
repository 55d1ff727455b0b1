// Replaying a recorded stream against the mock writing its own: the same 2,000-event answer,
// streamed N times by each, each server in a process of its own; the CPU time each spent,
// read from /proc, side by side in one run. Replay must cost at most 1.2× the mock's own.
// Usage: node bench/replay.mjs [--runs 200]
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnMockServer } from '../dist/index.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '200' } } });
const runs = Number(values.runs);
const LIMIT = 1.2;
const body = JSON.stringify({
  model: 'hermes4:70b',
  messages: [{ role: 'user', content: 'Explain SSE in detail' }],
  stream: true,
});
const cpu = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in seconds
};
const stream = async (url) => {
  const res = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    // 1,997 content tokens: with the role, the finish and [DONE], 2,000 events.
    headers: {
      authorization: 'Bearer bench',
      'content-type': 'application/json',
      'x-mock-reply-tokens': '1997',
    },
    body,
  });
  return res.text();
};
const measure = async (server) => {
  await stream(server.url); // warm up: the tokenizer, the JIT
  const before = cpu(server.pid);
  for (let i = 0; i < runs; i++) await stream(server.url);
  return cpu(server.pid) - before;
};

// The mock's own answer, recorded as a cassette (its events as they came, the timing left out:
// replayed as fast as the client reads, as the mock streams when instant).
const own = await spawnMockServer();
const text = await stream(own.url);
const events = text
  .split('\n\n')
  .filter((block) => block.trim())
  .map((block) => {
    const json = block.slice(6);
    return block.startsWith('data: ') && json !== '[DONE]'
      ? { ms: 0, data: JSON.parse(json) }
      : { ms: 0, raw: block };
  });
const dir = mkdtempSync(join(tmpdir(), 'replay-bench-'));
writeFileSync(
  join(dir, 'default.json'),
  JSON.stringify({
    comput3Cassette: 1,
    interactions: [
      {
        request: { method: 'POST', path: '/chat/completions', body: JSON.parse(body) },
        response: { status: 200, headers: { 'content-type': 'text/event-stream' }, events },
      },
    ],
  }),
);
const player = await spawnMockServer({ replay: dir });
try {
  if ((await stream(player.url)) !== text) throw new Error('the replay is not the recorded bytes');
  const ownSeconds = await measure(own);
  const replaySeconds = await measure(player);
  const ratio = replaySeconds / ownSeconds;
  console.log(
    `replay of a ${events.length}-event stream, ${runs} times: ${replaySeconds.toFixed(2)} s CPU against the mock's own ${ownSeconds.toFixed(2)} s: ${ratio.toFixed(2)}× (limit ${LIMIT}×) ${ratio <= LIMIT ? 'ok' : 'TOO SLOW'}`,
  );
  if (ratio > LIMIT) process.exitCode = 1;
} finally {
  await own.close();
  await player.close();
}
