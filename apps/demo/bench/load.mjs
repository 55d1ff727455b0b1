// How many concurrent paced streams one demo process relays from the mock to clients, side by
// side with a bare 20-line fetch pass-through (relay.mjs) in the same run: errors, memory per
// stream, CPU per chunk, and the latency each relay adds (when the first and the last chunk of
// each stream reach the client: the mock's pace is the same for both, so the difference is the
// relay's).
// Usage: node bench/load.mjs [--streams 2000] [--tokens 120]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { MODEL_LATENCY, spawnMockServer } from '@comput3/mock';

const { values } = parseArgs({
  options: {
    streams: { type: 'string', default: '2000' },
    tokens: { type: 'string', default: '120' },
  },
});
const STREAMS = Number(values.streams);
const TOKENS = Number(values.tokens);
const TARGET = 2000;
// At hermes4:70b's pace every stream lasts a couple of seconds, so they all overlap.
const MODEL = 'hermes4:70b';
const { ttftMs: TTFT_MS, tokensPerSecond: TOKENS_PER_SECOND } = MODEL_LATENCY[MODEL];

const proc = (pid, what) => readFileSync(`/proc/${pid}/${what}`, 'utf8');
const cpuSeconds = (pid) => {
  const f = proc(pid, 'stat').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};
const rssMiB = (pid) => Number(proc(pid, 'status').match(/VmRSS:\s+(\d+)/)[1]) / 1024;

async function startRelay(kind, upstream) {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.RELAY_PROFILE
        ? ['--cpu-prof', '--cpu-prof-dir', process.env.RELAY_PROFILE]
        : []),
      new URL('./relay.mjs', import.meta.url).pathname,
      kind,
      upstream,
      String(TOKENS),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [url] = await createInterface({ input: child.stdout })
    [Symbol.asyncIterator]()
    .next()
    .then((r) => [r.value]);
  return { child, url, pid: child.pid };
}

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const body = (i) =>
  JSON.stringify({
    model: MODEL,
    messages: [{ role: 'user', content: `relay bench ${i}` }],
    stream: true,
    stream_options: { include_usage: true },
  });

/** One client: sends, reads the stream to its end, notes when its first and last text came. */
function one(url, i) {
  return new Promise((resolve) => {
    const started = performance.now();
    let events = 0;
    let first;
    let last;
    let complete = false;
    let buffer = '';
    const req = request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      res.setEncoding('utf8');
      res.on('data', (part) => {
        buffer += part;
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          // The end: the upstream's [DONE], or the demo's own `event: done`.
          if (event === 'data: [DONE]' || event.startsWith('event: done')) complete = true;
          else if (/"(delta|content)":"[^"]/.test(event)) {
            last = performance.now() - started;
            first ??= last;
            events++;
          }
        }
      });
      res.on('end', () => resolve({ ok: res.statusCode === 200 && complete, first, last, events }));
      res.on('error', (e) => resolve({ ok: false, why: e.code ?? e.message, events }));
    });
    req.on('error', (e) => resolve({ ok: false, why: e.code ?? e.message, events: 0 }));
    req.end(body(i));
  });
}

async function measure(kind, upstream) {
  const relay = await startRelay(kind, upstream);
  await Promise.all(Array.from({ length: 20 }, (_, i) => one(relay.url, i))); // warm up
  const idle = rssMiB(relay.pid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(relay.pid))), 50);
  const cpu0 = cpuSeconds(relay.pid);
  // Opened within one second, as a crowd arrives.
  const results = await Promise.all(
    Array.from(
      { length: STREAMS },
      (_, i) =>
        new Promise((r) => setTimeout(() => one(relay.url, i).then(r), (i / STREAMS) * 1000)),
    ),
  );
  const cpu = cpuSeconds(relay.pid) - cpu0;
  clearInterval(sampler);
  relay.child.kill();
  const ok = results.filter((r) => r.ok);
  const chunks = results.reduce((n, r) => n + r.events, 0);
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const p99 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)];
  const firsts = ok.map((r) => r.first);
  const lasts = ok.map((r) => r.last);
  const why = {};
  for (const r of results)
    if (!r.ok) why[r.why ?? 'incomplete'] = (why[r.why ?? 'incomplete'] ?? 0) + 1;
  return {
    kind,
    ok: ok.length,
    errors: results.length - ok.length,
    why,
    chunks,
    cpuPerChunkUs: (cpu * 1e6) / chunks,
    kibPerStream: ((peak - idle) * 1024) / STREAMS,
    firstMean: mean(firsts),
    firstP99: p99(firsts),
    lastMean: mean(lasts),
    lastP99: p99(lasts),
  };
}

const mock = await spawnMockServer({
  pace: 'realistic',
  ttftMs: TTFT_MS,
  tokensPerSecond: TOKENS_PER_SECOND,
});
try {
  const bare = await measure('bare', mock.url);
  const demo = await measure('demo', mock.url);
  const fmt = (n, d = 1) =>
    n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  console.log(
    `${STREAMS} concurrent paced streams (${MODEL}'s pace: first token after ${TTFT_MS} ms, ${TOKENS_PER_SECOND} tokens/s; ${TOKENS} tokens each), opened within 1 s, relayed from the mock:\n`,
  );
  console.log(
    '| relay | completed | errors | CPU per chunk | memory per stream | first chunk mean / p99 | last chunk mean / p99 |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of [bare, demo]) {
    console.log(
      `| ${r.kind === 'bare' ? 'bare fetch pass-through (20 lines)' : 'demo server'} | ${r.ok}/${STREAMS} | ${r.errors}${r.errors ? ` ${JSON.stringify(r.why)}` : ''} | ${fmt(r.cpuPerChunkUs)} µs | ${fmt(r.kibPerStream)} KiB | ${fmt(r.firstMean, 0)} / ${fmt(r.firstP99, 0)} ms | ${fmt(r.lastMean, 0)} / ${fmt(r.lastP99, 0)} ms |`,
    );
  }
  const ratio = demo.cpuPerChunkUs / bare.cpuPerChunkUs;
  console.log(
    `\nDemo against the pass-through, same run: CPU per chunk ${ratio.toFixed(2)}× (aim ≤ 1.2×: ${ratio <= 1.2 ? 'met' : 'MISSED'}), ` +
      `added latency per chunk ${fmt(demo.firstMean - bare.firstMean)} ms at the first, ${fmt(demo.lastMean - bare.lastMean)} ms at the last (means); ` +
      `${STREAMS >= TARGET && demo.errors === 0 ? 'met' : 'MISSED'}: ${TARGET} streams at once with 0 errors.`,
  );
} finally {
  await mock.close();
  agent.destroy();
}
