// Streaming through a proxy: how long a chunk takes from the server's write to the caller's
// loop, through a real HTTP proxy (CONNECT tunnel) against straight to the server, both over
// TLS with a CA made for the run. Server, proxy and client share one process and one clock, so
// each chunk carries the time it was written. Rounds alternate; the ratio is of medians.
// Usage: node bench/proxy.mjs [--rounds 5] [--chunks 400]
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:https';
import { parseArgs } from 'node:util';
import { generateTls } from '@comput3/mock';
import { createProxy } from 'proxy';
import { Comput3 } from '../dist/index.js';
import { networkFetch } from '../dist/node.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '5' }, chunks: { type: 'string', default: '400' } },
});
const ROUNDS = Number(values.rounds);
const CHUNKS = Number(values.chunks);
const GAP_MS = 2;

const tls = await generateTls(['127.0.0.1']);
const chunk = (i) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content: 'x' }, finish_reason: i === CHUNKS - 1 ? 'stop' : null }], t: performance.now() })}\n\n`;
const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  let i = 0;
  const timer = setInterval(() => {
    res.write(chunk(i++));
    if (i === CHUNKS) {
      clearInterval(timer);
      res.end('data: [DONE]\n\n');
    }
  }, GAP_MS);
  res.on('close', () => clearInterval(timer));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const proxy = createProxy(createHttpServer());
await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const baseURL = `https://127.0.0.1:${server.address().port}/v1`;
const proxyURL = `http://127.0.0.1:${proxy.address().port}`;

const direct = await networkFetch({ ca: tls.ca, env: {} });
const proxied = await networkFetch({ ca: tls.ca, env: { HTTPS_PROXY: proxyURL } });
const body = { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true };

async function latencies(fetch) {
  const client = new Comput3({ apiKey: 'bench', baseURL, fetch });
  const out = [];
  for await (const c of await client.chat.completions.create(body))
    out.push(performance.now() - c.t);
  return out;
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

await latencies(direct); // warm-up: JIT, TLS sessions
await latencies(proxied);
const results = { direct: [], proxied: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fetch] of round % 2
    ? [
        ['proxied', proxied],
        ['direct', direct],
      ]
    : [
        ['direct', direct],
        ['proxied', proxied],
      ]) {
    results[name].push(median(await latencies(fetch)) * 1000);
  }
}
const d = median(results.direct);
const p = median(results.proxied);
console.log(
  `chunk write → caller, over TLS, ${ROUNDS} rounds of ${CHUNKS} chunks: direct ${d.toFixed(0)} µs, through the proxy ${p.toFixed(0)} µs: **${(p / d).toFixed(2)}×**`,
);
server.closeAllConnections();
proxy.closeAllConnections();
server.close();
proxy.close();
