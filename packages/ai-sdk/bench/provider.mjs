// streamText and generateText through @comput3/ai-sdk and through @ai-sdk/openai-compatible,
// against the mock in its own process: client CPU per request and per streamed chunk, rounds
// alternating, ratios of medians. Runs on Node 22 (ai 7 needs it): `pnpm bench` does that.
// Usage: node bench/provider.mjs [--rounds 5]
import { parseArgs } from 'node:util';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { spawnMockServer } from '@comput3/mock';
import { generateText, streamText } from 'ai';
import { createComput3 } from '../dist/index.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const ROUNDS = Number(values.rounds);
const REQUESTS = 200;
const TOKENS = 4000;

const mock = await spawnMockServer();
const models = {
  ours: createComput3({ apiKey: 'bench', baseURL: mock.url })('kimi-k2'),
  'openai-compatible': createOpenAICompatible({
    name: 'c',
    apiKey: 'bench',
    baseURL: mock.url,
    includeUsage: true,
  })('kimi-k2'),
};
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function perRequest(model) {
  const start = cpu();
  for (let i = 0; i < REQUESTS; i++) await generateText({ model, prompt: 'hi', maxRetries: 0 });
  return (cpu() - start) / REQUESTS;
}
async function perChunk(model) {
  const start = cpu();
  const result = streamText({
    model,
    prompt: 'go',
    headers: { 'x-mock-reply-tokens': String(TOKENS) },
  });
  let chunks = 0;
  for await (const _ of result.textStream) chunks++;
  return (cpu() - start) / chunks;
}

for (const model of Object.values(models)) {
  await perRequest(model); // warm-up
  await perChunk(model);
}
const runs = { ours: { req: [], chunk: [] }, 'openai-compatible': { req: [], chunk: [] } };
for (let r = 0; r < ROUNDS; r++) {
  const names = r % 2 ? ['openai-compatible', 'ours'] : ['ours', 'openai-compatible'];
  for (const name of names) {
    runs[name].req.push(await perRequest(models[name]));
    runs[name].chunk.push(await perChunk(models[name]));
  }
}
await mock.close();
const median = (l) => [...l].sort((a, b) => a - b)[Math.floor(l.length / 2)];
const [o, g] = [runs.ours, runs['openai-compatible']];
console.log(
  `AI SDK providers, ${ROUNDS} rounds, Node ${process.version}, mock in its own process:`,
);
console.log(
  `  client CPU per generateText: ours ${median(o.req).toFixed(0)} µs, openai-compatible ${median(g.req).toFixed(0)} µs: **${(median(o.req) / median(g.req)).toFixed(2)}×**`,
);
console.log(
  `  client CPU per streamText chunk: ours ${median(o.chunk).toFixed(2)} µs, openai-compatible ${median(g.chunk).toFixed(2)} µs: **${(median(o.chunk) / median(g.chunk)).toFixed(2)}×**`,
);
