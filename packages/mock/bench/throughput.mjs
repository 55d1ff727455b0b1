// Measures the mock on its own: non-streaming requests/s (autocannon) and streamed chunks/s.
// The server runs in a child process, so it has one core to itself; its CPU time is read from
// /proc to give rates per CPU-second as well as per wall-clock second.
// Usage: node bench/throughput.mjs [--seconds 5]
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { spawnMockServer } from '../dist/index.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' } } });
const seconds = Number(values.seconds);
const TARGET_RPS = 5000;
const TARGET_CHUNKS = 100_000;

const server = await spawnMockServer();
const url = server.url;

const ticks = 100; // USER_HZ on Linux
function cpuSeconds() {
  const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticks; // utime + stime
}

const body = JSON.stringify({
  model: 'hermes4:70b',
  messages: [{ role: 'user', content: 'How fast can you answer?' }],
  max_tokens: 64,
});

async function nonStreaming() {
  const cpu0 = cpuSeconds();
  const result = await autocannon({
    url: `${url}/chat/completions`,
    method: 'POST',
    headers: {
      authorization: 'Bearer bench',
      'content-type': 'application/json',
      'x-mock-reply-tokens': '48',
    },
    body,
    connections: 32,
    duration: seconds,
  });
  const cpu = cpuSeconds() - cpu0;
  const total = result.requests.total;
  return {
    rps: result.requests.average,
    perCpuSecond: total / cpu,
    errors: result.errors + result.non2xx + result.timeouts,
    p99: result.latency.p99,
  };
}

function streamOnce(tokens) {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer bench',
        'content-type': 'application/json',
        'x-mock-reply-tokens': String(tokens),
      },
    });
    req.on('response', (res) => {
      let events = 0;
      let tail = '';
      res.setEncoding('utf8');
      res.on('data', (text) => {
        const joined = tail + text;
        let i = joined.indexOf('\n\n');
        let last = 0;
        while (i !== -1) {
          events++;
          last = i + 2;
          i = joined.indexOf('\n\n', last);
        }
        tail = joined.slice(last);
      });
      res.on('end', () => resolve(events));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(
      JSON.stringify({
        model: 'hermes4:70b',
        messages: [{ role: 'user', content: 'go' }],
        stream: true,
      }),
    );
  });
}

async function streaming() {
  const perStream = 250_000;
  const parallel = 2;
  const cpu0 = cpuSeconds();
  const start = performance.now();
  const counts = await Promise.all(Array.from({ length: parallel }, () => streamOnce(perStream)));
  const wall = (performance.now() - start) / 1000;
  const cpu = cpuSeconds() - cpu0;
  const events = counts.reduce((a, b) => a + b, 0);
  return {
    chunksPerSecond: events / wall,
    perCpuSecond: events / cpu,
    events,
    expected: parallel * (perStream + 3),
  };
}

await nonStreaming(); // warm-up: JIT and sockets
const a = await nonStreaming();
const s = await streaming();
await server.close();

const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(`@comput3/mock on Node ${process.version}, ${seconds}s runs, 32 connections`);
console.log(
  `non-streaming: ${fmt(a.rps)} req/s wall, ${fmt(a.perCpuSecond)} req per server CPU-second, p99 ${a.p99} ms, errors ${a.errors}  (target ≥ ${fmt(TARGET_RPS)}: ${a.perCpuSecond >= TARGET_RPS && a.errors === 0 ? 'met' : 'MISSED'})`,
);
console.log(
  `streaming:     ${fmt(s.chunksPerSecond)} chunks/s wall, ${fmt(s.perCpuSecond)} chunks per server CPU-second, ${fmt(s.events)}/${fmt(s.expected)} events  (target ≥ ${fmt(TARGET_CHUNKS)}: ${s.perCpuSecond >= TARGET_CHUNKS && s.events === s.expected ? 'met' : 'MISSED'})`,
);
