// A server that echoes the key in every part of an error: nothing of the AI SDK's error keeps it.
import { createServer, type Server } from 'node:http';
import { inspect } from 'node:util';
import { APICallError } from '@ai-sdk/provider';
import { generateText } from 'ai';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createComput3 } from '../src/index.js';

const KEY = 'sk-live-AISDK-ECHO-55aa';
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(400, {
        'content-type': 'application/json',
        'x-request-id': `req-${KEY}`,
        'x-echo': `${req.headers.authorization}`,
      });
      res.end(
        JSON.stringify({ error: { message: `bad ${KEY}`, type: KEY, param: KEY, code: KEY } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

test('the key is in no field of the APICallError, however it is printed', async () => {
  const comput3 = createComput3({ apiKey: KEY, baseURL: url });
  const error = await generateText({ model: comput3('kimi-k2'), prompt: 'x', maxRetries: 0 }).catch(
    (e) => e,
  );
  expect(APICallError.isInstance(error)).toBe(true);
  expect(error.statusCode).toBe(400);
  for (const shown of [
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error),
    String(error.responseBody),
    JSON.stringify(error.responseHeaders),
    JSON.stringify(error.data),
  ]) {
    expect(shown).not.toContain(KEY);
  }
  expect(error.responseHeaders['x-echo']).toBe('Bearer [redacted]');
});
