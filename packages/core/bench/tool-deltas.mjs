// CPU per chunk of a streamed answer made of tool-call deltas, against one made of text deltas
// of the same sizes: what folding tool calls by index costs. In process, with a fake fetch that
// serves a prepared body, so only the SDK's own work is measured. Rounds alternate.
// Usage: node bench/tool-deltas.mjs [--rounds 7] [--chunks 20000]
import { parseArgs } from 'node:util';
import { Comput3 } from '../dist/index.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    chunks: { type: 'string', default: '20000' },
  },
});
const ROUNDS = Number(values.rounds);
const CHUNKS = Number(values.chunks);
const head = { id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm' };
const event = (delta, finish = null) =>
  `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const pieces = Array.from(
  { length: CHUNKS },
  (_, i) => ['{"ci', 'ty":', ' "Lis', 'bon"', ', "d'][i % 5],
);

const text = new TextEncoder().encode(
  event({ role: 'assistant', content: '' }) +
    pieces.map((p) => event({ content: p })).join('') +
    event({}, 'stop') +
    'data: [DONE]\n\n',
);
const tools = new TextEncoder().encode(
  event({
    role: 'assistant',
    content: null,
    tool_calls: [
      { index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } },
    ],
  }) +
    pieces.map((p) => event({ tool_calls: [{ index: 0, function: { arguments: p } }] })).join('') +
    event({}, 'tool_calls') +
    'data: [DONE]\n\n',
);

function client(body) {
  return new Comput3({
    apiKey: 'bench',
    baseURL: 'http://bench.invalid/v1',
    fetch: async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            for (let i = 0; i < body.length; i += 16384)
              controller.enqueue(body.subarray(i, i + 16384));
            controller.close();
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      ),
  });
}

async function cpuPerChunk(body) {
  const c = client(body);
  const start = process.cpuUsage();
  const stream = await c.chat.completions.create({
    model: 'm',
    messages: [{ role: 'user', content: 'x' }],
    stream: true,
  });
  await stream.finalCompletion();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / CHUNKS;
}

await cpuPerChunk(text); // warm-up
await cpuPerChunk(tools);
const runs = { text: [], tools: [] };
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 ? ['tools', 'text'] : ['text', 'tools'];
  for (const name of order) runs[name].push(await cpuPerChunk(name === 'text' ? text : tools));
}
const median = (l) => [...l].sort((a, b) => a - b)[Math.floor(l.length / 2)];
const t = median(runs.text);
const k = median(runs.tools);
console.log(
  `CPU per chunk, ${CHUNKS} chunks, ${ROUNDS} rounds: text deltas ${t.toFixed(2)} µs, tool-call deltas ${k.toFixed(2)} µs: **${(k / t).toFixed(2)}×**`,
);
