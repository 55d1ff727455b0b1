import { APIUserAbortError, Comput3, InternalServerError, RateLimitError } from '@comput3/core';
import { startMockServer } from '@comput3/mock';

// Offline by default, against a local mock. With COMPUT3_API_KEY set, the real API.
const mock = process.env.COMPUT3_API_KEY ? undefined : await startMockServer({ pace: 'realistic' });
const client = new Comput3(mock ? { apiKey: 'offline', baseURL: mock.url } : {});
const model = 'hermes4:70b';

// 1. A first call: the whole answer at once, with its figures.
const done = await client.chat.completions.create({
  model,
  messages: [{ role: 'user', content: 'Name three rivers' }],
});
console.log(`1. ${done.choices[0]?.message.content}`);
console.log(`   ${done.metrics.durationMs} ms, ${done.metrics.completionTokens} tokens`);

// 2. Streaming: print each piece as it comes, then the time to first token.
const stream = await client.chat.completions.create({
  model,
  messages: [{ role: 'user', content: 'What is the capital of France?' }],
  stream: true,
  stream_options: { include_usage: true },
});
process.stdout.write('2. ');
for await (const text of stream.text()) process.stdout.write(text);
const { metrics } = await stream.finalCompletion();
console.log(
  `\n   first token after ${metrics.timeToFirstTokenMs} ms, ${metrics.tokensPerSecond} tokens/s`,
);

// 3. Errors and retries: a 503 is retried (twice by default), a 429 past the retries is a
//    RateLimitError with the server's Retry-After. (The mock fails on request: x-mock-fault.)
const retried = await client.chat.completions.create(
  { model, messages: [{ role: 'user', content: 'hello' }] },
  { headers: { 'x-mock-fault': 'status=503; times=1; retry-after=0' } },
);
console.log(`3. answered after ${retried.metrics.retries} retry`);
try {
  await client.chat.completions.create(
    { model, messages: [{ role: 'user', content: 'hello' }] },
    { headers: { 'x-mock-fault': 'status=429; retry-after=7' }, maxRetries: 0 },
  );
} catch (error) {
  if (error instanceof RateLimitError) {
    console.log(`   rate limited: try again in ${error.headers.get('retry-after')} s`);
  } else if (error instanceof InternalServerError) console.log('   the server failed');
  else throw error;
}

// 4. Abort: stop a stream part-way; what arrived is kept on the error.
const controller = new AbortController();
const long = await client.chat.completions.create(
  {
    model,
    messages: [{ role: 'user', content: 'Explain server-sent events step by step' }],
    stream: true,
  },
  { signal: controller.signal },
);
let received = 0;
for await (const chunk of long) {
  received += chunk.choices[0]?.delta.content?.length ?? 0;
  if (received > 100) controller.abort();
}
const stopped = await long.finalCompletion().catch((error: unknown) => error);
if (!(stopped instanceof APIUserAbortError)) throw new Error('expected an abort');
console.log(`4. stopped after ${stopped.partial?.choices[0]?.message.content?.length} characters`);

await mock?.close();
