// How many paced streams one mock process holds at once: N clients (default 5,000) each open a
// stream at the default realistic pace within a one-second ramp, and read it to the end. Counts
// errors and incomplete streams, and reports the server's peak memory and how late the first
// token and the whole stream were against the model's figures (timers only fire late, never
// early, so lateness is the cost of the load).
// Usage: node bench/paced.mjs [--streams 5000]
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { MODEL_LATENCY, spawnMockServer } from '../dist/index.js';

const { values } = parseArgs({ options: { streams: { type: 'string', default: '5000' } } });
const streams = Number(values.streams);
const TARGET = 5000;
const MODEL = 'hermes4:70b';
const TOKENS = 60; // max_tokens: one second of hermes4:70b at 60 tokens/s

const server = await spawnMockServer({ pace: 'realistic' });
const rssMiB = () => {
  const line = readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
  return Number(line[1]) / 1024;
};
const idle = rssMiB();
let peak = idle;
const sampler = setInterval(() => (peak = Math.max(peak, rssMiB())), 100);

const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
// Each client asks something different, so no work is shared between requests.
const body = (i) =>
  JSON.stringify({
    model: MODEL,
    messages: [{ role: 'user', content: `explain pacing in detail, case ${i}` }],
    max_tokens: TOKENS,
    stream: true,
  });

function one(i) {
  return new Promise((resolve) => {
    const started = performance.now();
    let first;
    let text = '';
    const req = request(`${server.url}/chat/completions`, {
      method: 'POST',
      agent,
      headers: { authorization: 'Bearer bench', 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      res.setEncoding('utf8');
      res.on('data', (part) => {
        if (first === undefined && part.includes('"content":"') && !part.includes('"content":""}'))
          first = performance.now() - started;
        text += part;
      });
      res.on('end', () =>
        resolve({
          ok: res.statusCode === 200 && text.endsWith('data: [DONE]\n\n'),
          first,
          total: performance.now() - started,
        }),
      );
      res.on('error', (e) => resolve({ ok: false, why: e.code ?? e.message }));
    });
    req.on('error', (e) => resolve({ ok: false, why: e.code ?? e.message }));
    req.end(body(i));
  });
}

const results = [];
const started = performance.now();
await Promise.all(
  Array.from(
    { length: streams },
    (_, i) =>
      new Promise((resolve) =>
        setTimeout(() => one(i).then((r) => resolve(results.push(r))), (i / streams) * 1000),
      ),
  ),
);
const wall = (performance.now() - started) / 1000;
clearInterval(sampler);

const ok = results.filter((r) => r.ok);
const pct = (list, p) =>
  list.sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(list.length * p))];
const { ttftMs, tokensPerSecond } = MODEL_LATENCY[MODEL];
const ideal = ttftMs + ((TOKENS - 1) * 1000) / tokensPerSecond;
const firsts = ok.map((r) => r.first);
const totals = ok.map((r) => r.total);
const errors = results.length - ok.length;
const why = {};
for (const r of results)
  if (!r.ok) why[r.why ?? 'incomplete'] = (why[r.why ?? 'incomplete'] ?? 0) + 1;
const cpu = (() => {
  const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
})();
console.log(
  `paced streams (${MODEL}, ${TOKENS} tokens, TTFT ${ttftMs} ms, ${tokensPerSecond} tokens/s), ${streams} opened within 1 s:`,
);
console.log(
  `  completed ${ok.length}/${streams}, errors or incomplete ${errors}, in ${wall.toFixed(1)} s  (aim: ${TARGET} at once with 0 errors: ${streams >= TARGET && errors === 0 ? 'met' : 'MISSED'})`,
);
console.log(
  `  first token p50 ${pct(firsts, 0.5).toFixed(0)} ms, p99 ${pct(firsts, 0.99).toFixed(0)} ms (model: ${ttftMs} ms); whole stream p50 ${pct(totals, 0.5).toFixed(0)} ms, p99 ${pct(totals, 0.99).toFixed(0)} ms (model: ${ideal.toFixed(0)} ms)`,
);
await server.close();
if (errors) console.log(`  failures: ${JSON.stringify(why)}`);
console.log(`  server CPU ${cpu.toFixed(1)} s over ${wall.toFixed(1)} s`);
console.log(
  `  server memory ${idle.toFixed(0)} MiB idle, ${peak.toFixed(0)} MiB peak: ${(((peak - idle) * 1024) / streams).toFixed(1)} KiB per stream`,
);
