// Recording real answers and replaying them: against a local upstream the test starts (another
// mock, or a hostile server), with the upstream stopped for the replay.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { startMockServer } from '../../src/index.js';
import { MAX_RECORDED_BYTES } from '../../src/cassettes/record.js';

const KEY = 'sk-live-cassette-SECRET-7f3a9c';
const opened: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const server of opened.splice(0).reverse()) await server.close();
  delete process.env.COMPUT3_CASSETTES;
});
/** Stopped after the test, whatever happens; a test may stop one sooner (closing it twice is fine). */
const started = <T extends { close(): Promise<void> | void }>(server: T): T => {
  const close = server.close.bind(server);
  let closing: Promise<void> | undefined;
  server.close = () => (closing ??= Promise.resolve(close()));
  opened.push(server);
  return server;
};

const chat = (url: string, body: object, headers: Record<string, string> = {}) =>
  fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const ask = (content: string, extra: object = {}) => ({
  model: 'kimi-k2',
  messages: [{ role: 'user', content }],
  ...extra,
});
const scratch = () => mkdtempSync(join(tmpdir(), 'cassettes-'));

describe('record, then replay with the upstream gone', () => {
  test('a streamed and a whole answer replay to the same bytes; the cassette reads well', async () => {
    const dir = scratch();
    const upstream = started(await startMockServer({ apiKeys: [KEY] }));
    const recorder = started(
      await startMockServer({
        cassettes: { dir, mode: 'record', upstream: upstream.url, cassette: 'sse' },
      }),
    );
    const live = [
      await (await chat(recorder.url, ask('What is SSE?', { stream: true }))).text(),
      await (await chat(recorder.url, ask('What is SSE?'))).text(),
      await (
        await fetch(`${recorder.url}/models`, { headers: { authorization: `Bearer ${KEY}` } })
      ).text(),
    ];
    await upstream.close();
    await recorder.close();
    const file = readFileSync(join(dir, 'sse.json'), 'utf8');
    expect(file).not.toContain(KEY);
    expect(file).toMatch(/^ {10}\{"ms":\d+,"data":\{"id":"chatcmpl-mock1"/m); // one event a line

    const player = started(await startMockServer({ cassettes: { dir, cassette: 'sse' } }));
    const again = [
      await (await chat(player.url, ask('What is SSE?', { stream: true }))).text(),
      await (await chat(player.url, ask('What is SSE?'))).text(),
      await (
        await fetch(`${player.url}/models`, { headers: { authorization: 'Bearer whatever' } })
      ).text(),
    ];
    expect(again).toEqual(live);
    expect(player.cassette!.misses).toEqual([]);
  });

  test('a changed prompt fails loudly, naming the field that differs from the nearest recording', async () => {
    const dir = scratch();
    const upstream = started(await startMockServer());
    const recorder = started(
      await startMockServer({ cassettes: { dir, mode: 'record', upstream: upstream.url } }),
    );
    await (await chat(recorder.url, ask('What is SSE?'))).text();
    await (await chat(recorder.url, ask('Name three rivers'))).text();
    const player = started(await startMockServer({ cassettes: { dir } }));
    const refused = await chat(player.url, ask('What is SSE ?'));
    expect(refused.status).toBe(422);
    const { error } = (await refused.json()) as { error: { message: string; code: string } };
    expect(error.code).toBe('no_recording');
    expect(error.message).toBe(
      'No recording in cassette "default" matches POST /v1/chat/completions: messages[0].content differs (recorded "What is SSE?", sent "What is SSE ?").',
    );
    expect(player.cassette!.misses[0]).toBe(
      `No recording in cassette "default" matches POST /v1/chat/completions. The nearest, interaction 1 of 2 in ${dir}/default.json, differs in:\n  messages[0].content: recorded "What is SSE?", sent "What is SSE ?"\nRecord it with COMPUT3_CASSETTES=record-missing, or change the request back to what was recorded.`,
    );
    // A long prompt changed in its middle: the words that changed are shown, not its beginning.
    const long = (words: string) =>
      `Summarise this support ticket in ${words}:\n\n${'The printer on floor three is jammed again. '.repeat(4)}`;
    await (await chat(recorder.url, ask(long('one line')))).text();
    const player2 = started(await startMockServer({ cassettes: { dir } }));
    const { error: changed } = (await (await chat(player2.url, ask(long('two lines')))).json()) as {
      error: { message: string };
    };
    expect(changed.message).toContain(
      'messages[0].content differs (recorded …ticket in one line:\\n\\nThe print…, sent …ticket in two lines:\\n\\nThe prin…).',
    );
    // What changes from run to run is not compared: a user id.
    expect((await chat(player.url, ask('Name three rivers', { user: 'run-42' }))).status).toBe(200);
  });

  test('record-missing replays what it has and records the rest; COMPUT3_CASSETTES wins over the option', async () => {
    const dir = scratch();
    const upstream = started(await startMockServer({ recordBodies: true }));
    const first = started(
      await startMockServer({ cassettes: { dir, mode: 'record-missing', upstream: upstream.url } }),
    );
    await (await chat(first.url, ask('one'))).text();
    await (await chat(first.url, ask('one'))).text(); // replayed: the upstream is not asked again
    await (await chat(first.url, ask('two'))).text();
    expect(
      upstream.requests.map(
        (r) => (r.body as { messages: { content: string }[] }).messages[0]!.content,
      ),
    ).toEqual(['one', 'two']);
    process.env.COMPUT3_CASSETTES = 'replay';
    const ci = started(
      await startMockServer({ cassettes: { dir, mode: 'record-missing', upstream: upstream.url } }),
    );
    expect(ci.cassette!.mode).toBe('replay');
    expect((await chat(ci.url, ask('three'))).status).toBe(422);
    expect(upstream.requests).toHaveLength(2);
    process.env.COMPUT3_CASSETTES = 'rewind';
    await expect(startMockServer({ cassettes: { dir } })).rejects.toThrow(
      'COMPUT3_CASSETTES must be one of replay, record, record-missing, passthrough, got "rewind".',
    );
  });

  test('faults apply to a replayed answer: a 429 before it, a stream cut after 3 events', async () => {
    const dir = scratch();
    const upstream = started(await startMockServer());
    const recorder = started(
      await startMockServer({ cassettes: { dir, mode: 'record', upstream: upstream.url } }),
    );
    await (await chat(recorder.url, ask('What is SSE?', { stream: true }))).text();
    const player = started(await startMockServer({ cassettes: { dir } }));
    const limited = await chat(player.url, ask('What is SSE?', { stream: true }), {
      'x-mock-fault': 'status=429; retry-after=2',
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    const cut = await chat(player.url, ask('What is SSE?', { stream: true }), {
      'x-mock-fault': 'drop-after-chunks=3',
    });
    let text = '';
    const error = await (async () => {
      for await (const part of cut.body as unknown as AsyncIterable<Uint8Array>)
        text += Buffer.from(part).toString();
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(text.match(/^data: /gm)).toHaveLength(3);
  });

  test('a cassette per test, named by the request or by useCassette()', async () => {
    const dir = scratch();
    const upstream = started(await startMockServer());
    const recorder = started(
      await startMockServer({ cassettes: { dir, mode: 'record', upstream: upstream.url } }),
    );
    recorder.useCassette('first test');
    await (await chat(recorder.url, ask('one'))).text();
    await (await chat(recorder.url, ask('two'), { 'x-mock-cassette': 'second/test' })).text();
    expect(readdirSync(dir).sort()).toEqual(['first-test.json', 'second-test.json']);
  });
});

describe('the key never reaches a cassette', () => {
  /** An upstream that echoes the key it was sent in every way a server could. */
  async function hostileUpstream(): Promise<{ url: string; close(): Promise<void> }> {
    const server: Server = createServer((req, res) => {
      const key = (req.headers.authorization ?? '').replace('Bearer ', '');
      req.resume();
      req.on('end', () => {
        const escaped = [...key]
          .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
          .join('');
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'x-request-id': `req_${key}`,
          'x-debug-auth': `Bearer ${key}`,
        });
        const chunk = (content: string) =>
          `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"kimi-k2","choices":[{"index":0,"delta":{"content":"${content}"},"finish_reason":null}]}\n\n`;
        res.write(chunk(`your key is ${escaped} `));
        // Split between events, a few characters at a time, and between network writes.
        for (let i = 0; i < key.length; i += 5) res.write(chunk(key.slice(i, i + 5)));
        const whole = chunk(` and again ${key}`);
        res.write(whole.slice(0, 40));
        res.write(whole.slice(40));
        res.end('data: [DONE]\n\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/v1`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }

  test('echoed whole, JSON-escaped, split between events and writes, in headers: all masked', async () => {
    const dir = scratch();
    const upstream = started(await hostileUpstream());
    const recorder = started(
      await startMockServer({ cassettes: { dir, mode: 'record', upstream: upstream.url } }),
    );
    const live = await (await chat(recorder.url, ask('repeat my key', { stream: true }))).text();
    expect(live).toContain(KEY.slice(0, 5)); // the client got what the server sent
    const file = readFileSync(join(dir, 'default.json'), 'utf8');
    const escaped = [...KEY]
      .map((c) => `\\\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join('');
    for (const spelling of [KEY, escaped, KEY.slice(3, 20)]) expect(file).not.toContain(spelling);
    expect(file).toContain('[redacted]');
    // The joined answer, as a client reads it back from the replay, holds no key either.
    await upstream.close();
    const player = started(await startMockServer({ cassettes: { dir } }));
    const replayed = await (await chat(player.url, ask('repeat my key', { stream: true }))).text();
    const content = [...replayed.matchAll(/"content":"((?:[^"\\]|\\.)*)"/g)]
      .map((m) => JSON.parse(`"${m[1]}"`) as string)
      .join('');
    expect(content).not.toContain(KEY);
    expect(content).toBe('your key is [redacted] [redacted] and again [redacted]');
  });
});

test('an answer past the recording cap is passed on whole and not recorded', async () => {
  const dir = scratch();
  const big = 'x'.repeat(MAX_RECORDED_BYTES + 1024);
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ big }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  started({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  const upstream = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  const recorder = started(await startMockServer({ cassettes: { dir, mode: 'record', upstream } }));
  const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const answer = await (await chat(recorder.url, ask('everything'))).text();
  expect(answer.length).toBe(big.length + 10);
  expect(readdirSync(dir)).toEqual([]);
  expect(warned).toHaveBeenCalledWith(expect.stringContaining('passed on, not recorded'));
  warned.mockRestore();
});
