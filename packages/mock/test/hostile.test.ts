// What a hostile client can send the mock: it must answer each with a clear 4xx and keep
// nothing of it, never a 500 or unbounded memory.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FaultPlan, SEEN_LIMIT } from '../src/faults.js';
import { startMockServer, type MockServer } from '../src/index.js';
import { MAX_DEPTH } from '../src/read-request.js';
import { call, hello } from './contract.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ apiKeys: ['sk-good-key'] });
});
afterAll(() => mock.close());

describe('faults', () => {
  test('an unauthenticated request is refused before its fault is looked at, or remembered', async () => {
    const headers = { 'x-mock-fault': 'status=503; times=1; id=probe' };
    const anonymous = await call(mock.url, '/chat/completions', {
      body: hello(),
      key: 'sk-wrong',
      headers,
    });
    expect(anonymous.status).toBe(401);
    // The one use of "probe" is still there for the client that may use it.
    const first = await call(mock.url, '/chat/completions', {
      body: hello(),
      key: 'sk-good-key',
      headers,
    });
    expect(first.status).toBe(503);
    const second = await call(mock.url, '/chat/completions', {
      body: hello(),
      key: 'sk-good-key',
      headers,
    });
    expect(second.status).toBe(200);
  });

  test('the table of fault ids is bounded: the oldest id is forgotten first', () => {
    const plan = new FaultPlan();
    expect(plan.next('status=500; times=1; id=first')?.status).toBe(500);
    expect(plan.next('status=500; times=1; id=first')).toBeUndefined();
    for (let i = 0; i < SEEN_LIMIT; i++) plan.next(`status=500; times=1; id=flood-${i}`);
    // Forgotten, so usable again: the flood did not grow the table past its limit.
    expect(plan.next('status=500; times=1; id=first')?.status).toBe(500);
  });

  test.each(['__proto__', 'constructor', 'toString'])(
    'a fault named %s is an unknown fault, not a 500',
    async (name) => {
      const a = await call(mock.url, '/chat/completions', {
        body: hello(),
        key: 'sk-good-key',
        headers: { 'x-mock-fault': `${name}=1` },
      });
      expect(a.status).toBe(400);
      expect(a.json.error.message).toMatch(new RegExp(`Unknown fault "${name.toLowerCase()}"`));
    },
  );
});

describe('bodies', () => {
  test('a very deep tools[].function.parameters is a 400 that names the limit', async () => {
    // Built as text: 20,000 levels are past what JSON.stringify itself can write.
    const levels = 20_000;
    const parameters = `${'{"type":"object","properties":{"a":'.repeat(levels)}{"type":"string"}${'}}'.repeat(levels)}`;
    const body = JSON.stringify(hello('deep')).replace(
      /}$/,
      `,"tools":[{"type":"function","function":{"name":"f","parameters":${parameters}}}]}`,
    );
    const a = await call(mock.url, '/chat/completions', { body, key: 'sk-good-key' });
    expect(a.status).toBe(400);
    expect(a.json.error.message).toMatch(
      new RegExp(
        `nests deeper than ${MAX_DEPTH} levels \\(at tools\\[0\\]\\.function\\.parameters`,
      ),
    );
  });

  test('a body of nested arrays alone is a 400 too', async () => {
    const a = await call(mock.url, '/chat/completions', {
      body: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      key: 'sk-good-key',
    });
    expect(a.status).toBe(400);
  });
});

describe('keep-alive', () => {
  test('idle sockets are kept longer than clients keep theirs (65 s)', async () => {
    const { port } = new URL(mock.url);
    const keepAlive = await new Promise<string | undefined>((resolve, reject) => {
      request(
        {
          port,
          host: '127.0.0.1',
          path: '/v1/models',
          headers: { authorization: 'Bearer sk-good-key' },
        },
        (res) => {
          res.resume();
          resolve(String(res.headers['keep-alive']));
        },
      )
        .on('error', reject)
        .end();
    });
    expect(keepAlive).toBe('timeout=65');
  });
});
