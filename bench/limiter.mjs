// pnpm bench: the shared rate limit. 500 calls at once against a mock that takes 100 a second
// (a bucket of 100, refilled at 100/s; 429 with Retry-After beyond it), with the Limiter and
// without it, side by side in one run. The ideal: the first 100 at once, then 100 a second.
// The tests check that no call fails; this prints how long it took against the ideal.
import { Comput3, Limiter } from '@comput3/core';
import { startMockServer } from '@comput3/mock';

const CALLS = 500;
const RATE = 100;

async function run(label, limiter) {
  const mock = await startMockServer({ rateLimit: { requestsPerSecond: RATE } });
  try {
    const client = new Comput3({
      apiKey: 'bench',
      baseURL: mock.url,
      ...(limiter ? { limiter } : {}),
    });
    const ask = (i) =>
      client.chat.completions.create({
        model: 'hermes4:70b',
        messages: [{ role: 'user', content: `call ${i}` }],
        max_tokens: 5,
      });
    await ask(-1); // loads the mock's tokenizer outside the measurement
    await new Promise((r) => setTimeout(r, 1100)); // the bucket full again
    const t0 = performance.now();
    const results = await Promise.allSettled(Array.from({ length: CALLS }, (_, i) => ask(i)));
    const seconds = (performance.now() - t0) / 1000;
    const chats = mock.requests.filter((r) => r.path === '/v1/chat/completions').slice(1);
    const starts = chats.map((r) => r.startedAt).sort((a, b) => a - b);
    // The most requests the server saw in any one second (sliding), 429s included.
    let peak = 0;
    for (let i = 0, j = 0; i < starts.length; i++) {
      while (starts[i] - starts[j] >= 1000) j++;
      peak = Math.max(peak, i - j + 1);
    }
    return {
      label,
      seconds,
      failed: results.filter((r) => r.status === 'rejected').length,
      limited: chats.filter((r) => r.status === 429).length,
      peak,
    };
  } finally {
    await mock.close();
  }
}

const ideal = (CALLS - RATE) / RATE;
const rows = [
  await run('@comput3/core + Limiter', new Limiter()),
  await run('@comput3/core alone (its retries only)'),
];
console.log(
  `\n## Shared rate limit: ${CALLS} calls at once, server limit ${RATE}/s (bucket of ${RATE})\n`,
);
console.log(
  '| client | time (s) | ratio to ideal | calls failed | 429s the server sent | most requests in one second |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(
    `| ${r.label} | ${r.seconds.toFixed(2)} | **${(r.seconds / ideal).toFixed(2)}×** | ${r.failed} | ${r.limited} | ${r.peak} |`,
  );
}
console.log(
  `\nIdeal: ${ideal.toFixed(1)} s (the first ${RATE} at once, then ${RATE} a second). Target: ≤ 1.2× with no call failed.`,
);
