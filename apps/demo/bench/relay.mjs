// One relay, started by load.mjs in a process of its own so its CPU and memory can be read
// from /proc: `demo` (the demo server: the SDK validates and sends, the bytes are relayed) or `bare`
// (the floor: a 20-line fetch pass-through of the upstream bytes). Prints its URL.
import { createServer } from 'node:http';

const [kind, upstream, replyTokens] = process.argv.slice(2);
// A clean exit when load.mjs is done, so a --cpu-prof profile is written.
process.on('SIGTERM', () => process.exit(0));
const headers = { 'x-mock-reply-tokens': replyTokens };

if (kind === 'demo' || kind === 'baseline') {
  const { startDemo } = await import(
    kind === 'demo' ? '../dist/server/index.js' : `${process.env.DEMO_BASELINE}/server/index.js`
  );
  const demo = await startDemo({
    apiKey: 'sk-bench',
    baseURL: upstream,
    chatsPerMinute: false,
    headers,
  });
  console.log(`${demo.url}api/chat/completions`);
} else {
  // The bare pass-through: the request body up, the response bytes down, nothing else.
  const server = createServer(async (req, res) => {
    const body = [];
    for await (const part of req) body.push(part);
    const answer = await fetch(`${upstream}/chat/completions`, {
      method: 'POST',
      headers: { ...headers, authorization: 'Bearer sk-bench', 'content-type': 'application/json' },
      body: Buffer.concat(body),
      signal: AbortSignal.timeout(120_000),
    });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' });
    for await (const chunk of answer.body) res.write(chunk);
    res.end();
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () =>
    console.log(`http://127.0.0.1:${server.address().port}/v1/chat/completions`),
  );
}
