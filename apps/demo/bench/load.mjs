// How many concurrent paced streams one demo process relays from the mock to clients, side by
// side with a bare 20-line fetch pass-through (relay.mjs) in the same run: errors, memory per
// stream, CPU per chunk, and the latency each relay adds (when the first and the last chunk of
// each stream reach the client: the mock's pace is the same for both, so the difference is the
// relay's).
// Usage: node bench/load.mjs [--streams 2000] [--tokens 120] [--rounds 3] [--baseline DIR]
// --baseline compares the demo with an earlier build of it (DIR: a copy of its dist/ folder,
// kept inside apps/demo so it finds the same packages) instead of the pass-through.
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
    rounds: { type: 'string', default: '3' },
    'tokens-per-second': { type: 'string' },
    baseline: { type: 'string' },
  },
});
const STREAMS = Number(values.streams);
/** What the demo is measured against: the pass-through, or an earlier build of the demo. */
const BASE = values.baseline ? 'baseline' : 'bare';
if (values.baseline)
  process.env.DEMO_BASELINE = new URL(values.baseline, `file://${process.cwd()}/`).pathname;
const TOKENS = Number(values.tokens);
// On a 2-core machine the load, the mock and the relay share the cores, so one run's figures
// move by ±20%: each relay is measured in several rounds, alternating, and the median is kept.
const ROUNDS = Number(values.rounds);
const TARGET = 2000;
// At hermes4:70b's pace every stream lasts a couple of seconds, so they all overlap.
const MODEL = 'hermes4:70b';
const TTFT_MS = MODEL_LATENCY[MODEL].ttftMs;
const TOKENS_PER_SECOND = Number(
  values['tokens-per-second'] ?? MODEL_LATENCY[MODEL].tokensPerSecond,
);

const proc = (pid, what) => readFileSync(`/proc/${pid}/${what}`, 'utf8');
const cpuSeconds = (pid) => {
  const f = proc(pid, 'stat').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};
const rssMiB = (pid) => Number(proc(pid, 'status').match(/VmRSS:\s+(\d+)/)[1]) / 1024;

async function startRelay(kind, upstream, tokens = TOKENS) {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.RELAY_PROFILE
        ? ['--cpu-prof', '--cpu-prof-dir', process.env.RELAY_PROFILE]
        : []),
      new URL('./relay.mjs', import.meta.url).pathname,
      kind,
      upstream,
      String(tokens),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const [url] = await lines[Symbol.asyncIterator]()
    .next()
    .then((r) => [r.value]);
  return { kind, child, url, pid: child.pid };
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
    let first;
    let last;
    let chunks = 0;
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
          if (event === 'data: [DONE]') complete = true;
          else chunks++;
          if (/"(delta|content)":"[^"]/.test(event)) {
            last = performance.now() - started;
            first ??= last;
          }
        }
      });
      res.on('end', () => resolve({ ok: res.statusCode === 200 && complete, first, last, chunks }));
      res.on('error', (e) => resolve({ ok: false, why: e.code ?? e.message, chunks }));
    });
    req.on('error', (e) => resolve({ ok: false, why: e.code ?? e.message, chunks: 0 }));
    req.end(body(i));
  });
}

/**
 * CPU with the machine not saturated: STEADY streams, STEADY_AT_ONCE at a time, so each chunk
 * is read and written on its own. (In the crowd of 2,000 the load, the mock and the relay all
 * want more than the 2 cores, and a relay's CPU per chunk also depends on how its reads happen
 * to coalesce.) Run at two reply lengths, it splits the relay's cost into what each request
 * costs (routing, validation, the upstream call) and what each further chunk costs: the slope.
 */
const STEADY = 300;
const STEADY_AT_ONCE = 50;
const SHORT = 30;
const LONG = 240;
async function steady(kind, upstream, tokens) {
  const relay = await startRelay(kind, upstream, tokens);
  await Promise.all(Array.from({ length: 20 }, (_, i) => one(relay.url, i))); // warm up
  const cpu0 = cpuSeconds(relay.pid);
  let chunks = 0;
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: STEADY_AT_ONCE }, async () => {
      while (next < STEADY) {
        // Not `chunks += await …`: that reads `chunks` before the wait, losing other loops' counts.
        const r = await one(relay.url, next++);
        if (!r.ok) failed++;
        chunks += r.chunks;
      }
    }),
  );
  const cpuUs = (cpuSeconds(relay.pid) - cpu0) * 1e6;
  relay.child.kill();
  if (failed) throw new Error(`${kind}: ${failed} of ${STEADY} steady streams failed`);
  return { cpuUs, chunks };
}

async function costs(kind, upstream) {
  const short = await steady(kind, upstream, SHORT);
  const long = await steady(kind, upstream, LONG);
  const perChunkUs = (long.cpuUs - short.cpuUs) / (long.chunks - short.chunks);
  return {
    perChunkUs,
    perRequestUs: (short.cpuUs - perChunkUs * short.chunks) / STEADY,
    blendedUs: long.cpuUs / long.chunks,
  };
}

async function measure(kind, upstream) {
  const steadyCosts = await costs(kind, upstream);
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
  const chunks = results.reduce((n, r) => n + r.chunks, 0);
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const why = {};
  for (const r of results)
    if (!r.ok) why[r.why ?? 'incomplete'] = (why[r.why ?? 'incomplete'] ?? 0) + 1;
  return {
    kind,
    ...steadyCosts,
    ok: ok.length,
    errors: results.length - ok.length,
    why,
    cpuPerChunkUs: (cpu * 1e6) / chunks,
    kibPerStream: ((peak - idle) * 1024) / STREAMS,
    firstMean: mean(ok.map((r) => r.first)),
    lastMean: mean(ok.map((r) => r.last)),
  };
}

const mock = await spawnMockServer({
  pace: 'realistic',
  ttftMs: TTFT_MS,
  tokensPerSecond: TOKENS_PER_SECOND,
});
try {
  const runs = { [BASE]: [], demo: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating which goes first, so neither always meets a warmer or busier machine.
    const order = round % 2 ? ['demo', BASE] : [BASE, 'demo'];
    for (const kind of order) runs[kind].push(await measure(kind, mock.url));
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const figure = (kind, key) => med(runs[kind].map((r) => r[key]));
  const each = (kind, key) => runs[kind].map((r) => r[key].toFixed(1)).join(', ');
  const worst = (kind) => runs[kind].reduce((n, r) => Math.max(n, r.errors), 0);
  const fmt = (n, d = 1) =>
    n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  console.log(
    `${ROUNDS} rounds, medians. Steady: ${STEADY} streams, ${STEADY_AT_ONCE} at a time, of ${SHORT} and of ${LONG} tokens. ` +
      `The crowd: ${STREAMS} concurrent streams of ${TOKENS} tokens opened within 1 s. ${MODEL}'s pace (first token after ${TTFT_MS} ms, ${TOKENS_PER_SECOND} tokens/s), from the mock in its own process.\n`,
  );
  console.log(
    '| relay | CPU per chunk | CPU per request | CPU per chunk, all in, 240-token replies | the crowd: completed (worst round) | CPU per chunk, all in | memory per stream | first / last chunk mean |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const kind of [BASE, 'demo']) {
    const least = Math.min(...runs[kind].map((r) => r.ok));
    const why = Object.assign({}, ...runs[kind].map((r) => r.why));
    console.log(
      `| ${kind === 'demo' ? 'demo server' : BASE === 'bare' ? 'bare fetch pass-through (20 lines)' : `the demo before (${values.baseline})`} | ${fmt(figure(kind, 'perChunkUs'))} µs | ${fmt(figure(kind, 'perRequestUs'), 0)} µs | ${fmt(figure(kind, 'blendedUs'))} µs | ${least}/${STREAMS}${least < STREAMS ? ` ${JSON.stringify(why)}` : ''} | ${fmt(figure(kind, 'cpuPerChunkUs'))} µs | ${fmt(figure(kind, 'kibPerStream'))} KiB | ${fmt(figure(kind, 'firstMean'), 0)} / ${fmt(figure(kind, 'lastMean'), 0)} ms |`,
    );
  }
  console.log(
    `\nEach round, CPU per chunk: ${BASE} ${each(BASE, 'perChunkUs')}; demo ${each('demo', 'perChunkUs')} µs. ` +
      `Per request: ${BASE} ${each(BASE, 'perRequestUs')}; demo ${each('demo', 'perRequestUs')} µs. ` +
      `All in, in the crowd: ${BASE} ${each(BASE, 'cpuPerChunkUs')}; demo ${each('demo', 'cpuPerChunkUs')} µs.`,
  );
  const ratio = (key) => figure('demo', key) / figure(BASE, key);
  const perChunk = ratio('perChunkUs');
  console.log(
    `Demo against ${BASE === 'bare' ? 'the pass-through' : 'its earlier build'}, same run: CPU per chunk ${perChunk.toFixed(2)}× (aim ≤ ${BASE === 'bare' ? '1.2' : '1.05'}×: ${perChunk <= (BASE === 'bare' ? 1.2 : 1.05) ? 'met' : 'MISSED'}); ` +
      `per request ${ratio('perRequestUs').toFixed(2)}×; all in, ${ratio('blendedUs').toFixed(2)}× for ${LONG}-token replies and ${ratio('cpuPerChunkUs').toFixed(2)}× in the crowd of ${STREAMS}; ` +
      `added latency at the first chunk ${fmt(figure('demo', 'firstMean') - figure(BASE, 'firstMean'))} ms (means, in the crowd); ` +
      `${STREAMS >= TARGET && worst('demo') === 0 ? 'met' : 'MISSED'}: ${TARGET} streams at once with 0 errors in every round.`,
  );
} finally {
  await mock.close();
  agent.destroy();
}
