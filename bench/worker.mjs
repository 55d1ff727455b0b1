// One measurement, in a fresh process: node worker.mjs <contender> <scenario> <baseURL>.
// Prints one JSON object. Run by run.mjs, never by hand.
const [name, scenario, baseURL] = process.argv.slice(2);
const apiKey = 'sk-bench';
const body = {
  model: 'hermes4:70b',
  messages: [{ role: 'user', content: 'How fast can you answer?' }],
  max_tokens: 64,
};
const short = { 'x-mock-reply-tokens': '48' };

/** A fetch that notes when each network read arrived and how many SSE events it completed. */
function arrivalTrackingFetch(arrivals) {
  return async (input, init) => {
    const res = await globalThis.fetch(input, init);
    let events = 0;
    const tracked = res.body.pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          for (let i = 0; i < chunk.length - 1; i++)
            if (chunk[i] === 10 && chunk[i + 1] === 10) events++;
          arrivals.push({ at: performance.now(), events });
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(tracked, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
}

const { create } = await import(`./contenders/${name}.mjs`);
const arrivals = [];
const client = create({
  baseURL,
  apiKey,
  ...(scenario === 'latency' ? { fetch: arrivalTrackingFetch(arrivals) } : {}),
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuMicros = (since) => {
  const u = process.cpuUsage(since);
  return u.user + u.system;
};

async function count(iterable) {
  let n = 0;
  let text = '';
  for await (const chunk of iterable) {
    n++;
    text += chunk.choices[0]?.delta?.content ?? '';
  }
  return { n, text };
}

let result;
if (scenario === 'check') {
  const complete = await client.complete(body, { 'x-mock-reply-tokens': '300' });
  const { text } = await count(client.stream(body, { 'x-mock-reply-tokens': '300' }));
  result = { complete, stream: text };
} else if (scenario === 'seq') {
  for (let i = 0; i < 300; i++) await client.complete(body, short);
  const n = 1500;
  const latencies = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await client.complete(body, short);
    latencies.push(performance.now() - t);
  }
  result = { latencyMs: median(latencies), cpuPerRequestUs: cpuMicros(cpu0) / n };
} else if (scenario === 'conc') {
  const inFlight = 64;
  const run = async (total) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next++ < total) await client.complete(body, short);
      }),
    );
  };
  await run(600);
  const total = 4000;
  const t = performance.now();
  await run(total);
  result = { requestsPerSecond: total / ((performance.now() - t) / 1000) };
} else if (scenario === 'stream') {
  // Warmed up to steady state, as a long-lived server is, every contender alike. After one
  // 2,000-chunk stream the figure was mostly how soon a client's code gets optimised: for
  // @comput3/core, 1.2-1.3x the floor that way, against 1.0x once three 20,000-chunk streams
  // had run (measured 2026-12-03, 200,000-chunk streams agreeing).
  const tokens = 20000;
  for (let i = 0; i < 3; i++) {
    await count(
      client.stream({ ...body, max_tokens: tokens }, { 'x-mock-reply-tokens': String(tokens) }),
    );
  }
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const { n } = await count(
    client.stream({ ...body, max_tokens: tokens }, { 'x-mock-reply-tokens': String(tokens) }),
  );
  const seconds = (performance.now() - t) / 1000;
  result = { chunks: n, chunksPerSecond: n / seconds, cpuPerChunkUs: cpuMicros(cpu0) / n };
} else if (scenario === 'latency') {
  // Paced chunks, one per network read: how long after a chunk arrives does the caller see it?
  const delays = [];
  let seen = 0;
  for await (const _ of client.stream(
    { ...body, max_tokens: 300 },
    { 'x-mock-reply-tokens': '300', 'x-mock-fault': 'delay-chunks=2' },
  )) {
    const now = performance.now();
    seen++;
    const arrival = arrivals.find((a) => a.events >= seen);
    if (arrival && seen > 5) delays.push((now - arrival.at) * 1000);
  }
  result = { chunkDelayUs: median(delays) };
} else {
  throw new Error(`unknown scenario ${scenario}`);
}
process.stdout.write(JSON.stringify(result));
