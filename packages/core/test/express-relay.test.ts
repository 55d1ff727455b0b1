// The obvious Express relay, as the README writes it: abort the upstream when the client's
// connection closes, pipe the stream into the response. 100 clients that leave mid-stream must
// neither crash the server (no unhandled APIUserAbortError) nor leave an upstream request open.
import { request, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { startMockServer, type MockServer } from '@comput3/mock';
import express from 'express';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Comput3 } from '../src/index.js';

let mock: MockServer;
let server: Server;
let port: number;
let firstBytes: number[] = [];
beforeAll(async () => {
  mock = await startMockServer();
  const client = new Comput3({ apiKey: 'sk-express-relay', baseURL: mock.url });
  const app = express();
  app.use(express.json());
  app.post('/api/chat', async (req, res) => {
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    const started = performance.now();
    const stream = await client.chat.completions.create(
      { model: 'kimi-k2', messages: req.body.messages, stream: true },
      // Slow enough that every client leaves long before the answer ends.
      {
        signal: controller.signal,
        headers: {
          'x-mock-pace': 'realistic',
          'x-mock-tokens-per-second': '20',
          'x-mock-ttft-ms': '50',
        },
      },
    );
    res.setHeader('content-type', 'text/event-stream');
    const body = Readable.fromWeb(stream.toReadableStream() as never);
    body.once('data', () => firstBytes.push(performance.now() - started));
    body.pipe(res);
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await mock.close();
});

/** A client that posts, reads until its first event, then goes away. */
const leaver = () =>
  new Promise<void>((resolve, reject) => {
    const req = request(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/api/chat',
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      },
    );
    req.on('error', (error) =>
      (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(error),
    );
    req.end(JSON.stringify({ messages: [{ role: 'user', content: 'tell me a long story' }] }));
  });

test('100 clients leave mid-stream: the server stays up and every upstream request is closed', async () => {
  firstBytes = [];
  const before = mock.requests.length;
  await Promise.all(Array.from({ length: 100 }, leaver));
  const upstream = () => mock.requests.slice(before);
  await expect.poll(() => upstream().length, { timeout: 15_000 }).toBe(100);
  await expect
    .poll(() => upstream().every((r) => r.status !== 0 && r.closedEarly), { timeout: 15_000 })
    .toBe(true);
  // Still serving: one more client gets its first event.
  await leaver();
  expect(firstBytes.length).toBe(101);
  const sorted = [...firstBytes].sort((x, y) => x - y);
  console.log(
    `express relay: first event ${sorted[50]!.toFixed(1)} ms after the request reached Express, the mock's first token set to 50 ms (median of 101; worst ${sorted.at(-1)!.toFixed(1)} ms)`,
  );
});
