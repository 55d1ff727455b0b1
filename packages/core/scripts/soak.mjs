/* global gc -- exposed by node --expose-gc */
// Soak: many requests through @comput3/core, streaming and not, with injected faults, at a fixed
// concurrency. Every request must end as expected (success, or the typed error its fault
// calls for), the heap must come back after GC, and nothing may be left open.
// Usage: node --expose-gc scripts/soak.mjs [--requests 10000] [--concurrency 32] [--faults 0.1]
// The test command runs it with a small count; run it by hand with the full one.
import { parseArgs } from 'node:util';
import { Agent, fetch as undiciFetch } from 'undici';
import {
  APIConnectionError,
  Comput3,
  InternalServerError,
  InvalidResponseError,
  RateLimitError,
} from '@comput3/core';
import { spawnMockServer } from '@comput3/mock';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '32' },
    faults: { type: 'string', default: '0.1' },
  },
});
const total = Number(values.requests);
const concurrency = Number(values.concurrency);
const faultRate = Number(values.faults);
if (typeof globalThis.gc !== 'function') {
  console.error('soak: run with node --expose-gc, so that heap figures are after a full GC.');
  process.exit(2);
}

// Each fault, what the SDK must turn it into, and whether it needs a stream.
const FAULTS = [
  { spec: (id) => `status=503; times=1; retry-after-ms=1; id=${id}`, expect: 'ok' },
  { spec: (id) => `status=429; times=1; retry-after-ms=1; id=${id}`, expect: 'ok' },
  { spec: () => 'status=500; retry-after-ms=1', expect: InternalServerError },
  { spec: () => 'status=429; retry-after-ms=1', expect: RateLimitError },
  { spec: () => 'html-502; retry-after-ms=1', expect: InternalServerError },
  { spec: () => 'malformed-json', expect: InvalidResponseError },
  { spec: () => 'drop-before-headers', expect: APIConnectionError },
  { spec: () => 'drop-after-chunks=3', expect: APIConnectionError, stream: true },
  { spec: () => 'no-finish', expect: InvalidResponseError, stream: true },
  { spec: () => 'no-done', expect: 'ok', stream: true },
  { spec: () => 'sse-noise; crlf', expect: 'ok', stream: true },
];

// A deterministic plan, so a failing run can be replayed.
let seed = 42;
const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const plan = Array.from({ length: total }, (_, i) => {
  const fault = random() < faultRate ? FAULTS[Math.floor(random() * FAULTS.length)] : undefined;
  return { i, fault, stream: fault?.stream ?? random() < 0.5 };
});

const mock = await spawnMockServer();
const baseURL = mock.url;

const agent = new Agent({ connections: concurrency });
const client = new Comput3({
  apiKey: 'sk-soak-SECRET-0000',
  baseURL,
  maxRetries: 1,
  timeout: 10_000,
  fetch: (url, init) => undiciFetch(url, { ...init, dispatcher: agent }),
});

const counts = {};
const unexpected = [];
const note = (key) => (counts[key] = (counts[key] ?? 0) + 1);

async function one({ i, fault, stream }) {
  const params = {
    model: 'hermes4:70b',
    messages: [{ role: 'user', content: `soak ${i}` }],
    max_tokens: 20,
  };
  const options = fault ? { headers: { 'x-mock-fault': fault.spec(`soak-${i}`) } } : {};
  const expected = fault?.expect ?? 'ok';
  try {
    let text;
    if (stream) {
      const s = await client.chat.completions.create({ ...params, stream: true }, options);
      text = '';
      for await (const piece of s.text()) text += piece;
    } else {
      text = (await client.chat.completions.create(params, options)).choices[0].message.content;
    }
    if (expected !== 'ok')
      return unexpected.push(`#${i} ${fault.spec(i)}: succeeded, expected ${expected.name}`);
    if (!text.startsWith('*Offline mock of hermes4:70b'))
      return unexpected.push(`#${i}: wrong answer ${JSON.stringify(text)}`);
    note(fault ? 'ok after a fault' : 'ok');
  } catch (error) {
    if (expected === 'ok' || !(error instanceof expected)) {
      return unexpected.push(
        `#${i} ${fault?.spec(i) ?? 'no fault'}: ${error.name}: ${error.message}`,
      );
    }
    if (error.message.includes('sk-soak-SECRET'))
      return unexpected.push(`#${i}: the key is in an error message`);
    note(`expected ${error.name}`);
  }
}

gc();
const heapBefore = process.memoryUsage().heapUsed;
const handlesBefore = process.getActiveResourcesInfo().length;
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < plan.length) await one(plan[next++]);
  }),
);
const seconds = (performance.now() - started) / 1000;
await agent.close();
await mock.close();
await new Promise((r) => setTimeout(r, 50));
gc();
const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
const open = process.getActiveResourcesInfo();

const accounted = Object.values(counts).reduce((a, b) => a + b, 0) + unexpected.length;
console.log(
  `soak: ${total} requests (${plan.filter((p) => p.stream).length} streamed, ${plan.filter((p) => p.fault).length} with a fault), concurrency ${concurrency}, ${seconds.toFixed(1)} s, ${(total / seconds).toFixed(0)} req/s`,
);
console.log(`outcomes: ${JSON.stringify(counts)}`);
console.log(
  `unexpected: ${unexpected.length}${unexpected.length ? `\n  ${unexpected.slice(0, 10).join('\n  ')}` : ''}`,
);
console.log(`accounted for: ${accounted}/${total}`);
console.log(`heap growth after GC: ${(heapGrowth / 2 ** 20).toFixed(2)} MB (limit 20 MB)`);
console.log(
  `open handles at the end: ${open.length} (${open.join(', ') || 'none'}; ${handlesBefore} before the run)`,
);
const ok =
  unexpected.length === 0 &&
  accounted === total &&
  heapGrowth < 20 * 2 ** 20 &&
  open.length <= handlesBefore;
console.log(ok ? 'soak: passed' : 'soak: FAILED');
process.exitCode = ok ? 0 : 1;
