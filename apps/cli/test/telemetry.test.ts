// With OTEL_EXPORTER_OTLP_ENDPOINT set, each call is a span sent over OTLP/HTTP: here to a
// collector this test starts on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { home, run } from './run.js';

let collector: Server;
const received: { path: string; body: any }[] = [];
beforeAll(async () => {
  collector = createServer(async (req, res) => {
    let body = '';
    for await (const part of req) body += part;
    received.push({ path: req.url!, body: JSON.parse(body) });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
});
afterAll(() => new Promise((r) => collector.close(r)));

test('comput3 sends a GenAI span for its call, and exits when it is delivered', async () => {
  const { port } = collector.address() as AddressInfo;
  const r = await run(
    ['--offline', '--no-save', 'Name three rivers'],
    home({
      COMPUT3_OFFLINE_PACE: 'instant',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
    }).env,
  );
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('Nile');
  expect(received.map((x) => x.path)).toEqual(['/v1/traces']);
  const { resource, scopeSpans } = received[0]!.body.resourceSpans[0];
  const attrs = (list: { key: string; value: Record<string, unknown> }[]) =>
    Object.fromEntries(list.map((a) => [a.key, Object.values(a.value)[0]]));
  expect(attrs(resource.attributes)['service.name']).toBe('comput3-cli');
  const span = scopeSpans[0].spans[0];
  expect(span.name).toBe('chat hermes4:70b');
  expect(attrs(span.attributes)).toMatchObject({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'comput3',
    'gen_ai.request.model': 'hermes4:70b',
    'gen_ai.response.model': 'hermes4:70b',
  });
});

test('without the variable, nothing is sent and the exporter is not loaded', async () => {
  const before = received.length;
  const r = await run(
    ['--offline', '--no-save', 'hello'],
    home({ COMPUT3_OFFLINE_PACE: 'instant' }).env,
  );
  expect(r.code).toBe(0);
  expect(received.length).toBe(before);
});
