// Load: 200 concurrent streaming chats through the demo server (offline mock), several waves.
// Reports errors, chat throughput, and the server's memory before, at peak and after (each
// after a full GC). A benchmark, not a test: run it with `pnpm --filter @comput3/demo bench`.
import { fork } from 'node:child_process';
import { request } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '200' },
    waves: { type: 'string', default: '10' },
  },
});
const concurrency = Number(values.concurrency);
const waves = Number(values.waves);
const server = fork(
  new URL('./server-process.mjs', import.meta.url).pathname,
  [String(concurrency * (waves + 1))],
  { execArgv: ['--expose-gc'] },
);
const next = () => new Promise((resolve) => server.once('message', resolve));
const { url } = await next();
const memory = async () => {
  server.send('memory');
  return next();
};

const body = JSON.stringify({
  model: 'hermes4:70b',
  messages: [
    {
      role: 'user',
      content:
        'Tell me about the rivers and the trains and the quiet mornings by the sea, please, at some length.',
    },
  ],
});

function chat() {
  return new Promise((resolve) => {
    const req = request(
      `${url}api/chat`,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () =>
          resolve(
            res.statusCode === 200 && text.includes('event: done')
              ? 'ok'
              : `status ${res.statusCode}`,
          ),
        );
        res.on('error', (e) => resolve(e.message));
      },
    );
    req.on('error', (e) => resolve(e.message));
    req.end(body);
  });
}

// One wave first, so that the baseline already includes what warming up allocates for good
// (compiled code, the mock's bounded request log).
await Promise.all(Array.from({ length: concurrency }, chat));
const before = await memory();
let peak = before;
const outcomes = {};
const started = performance.now();
for (let w = 0; w < waves; w++) {
  const results = await Promise.all(Array.from({ length: concurrency }, chat));
  for (const r of results) outcomes[r] = (outcomes[r] ?? 0) + 1;
  const m = await memory();
  if (m.rss > peak.rss) peak = m;
}
const seconds = (performance.now() - started) / 1000;
const after = await memory();
server.send('stop');

const mb = (n) => `${(n / 2 ** 20).toFixed(1)} MB`;
const total = concurrency * waves;
console.log(
  `demo load: a warm-up wave, then ${waves} waves of ${concurrency} concurrent streaming chats (${total} in all), offline mock, 10 ms between chunks`,
);
console.log(`outcomes: ${JSON.stringify(outcomes)}  errors: ${total - (outcomes.ok ?? 0)}`);
console.log(`throughput: ${(total / seconds).toFixed(0)} chats/s over ${seconds.toFixed(1)} s`);
console.log(
  `server heap after GC: before ${mb(before.heapUsed)}, highest ${mb(peak.heapUsed)}, after ${mb(after.heapUsed)} (growth ${mb(after.heapUsed - before.heapUsed)})`,
);
console.log(
  `server RSS: before ${mb(before.rss)}, highest ${mb(peak.rss)}, after ${mb(after.rss)}`,
);
