// The key is taken out of what a relay hands its client, however the server splits it.
import { describe, expect, test } from 'vitest';
import { redactor } from '../src/redact.js';
import { answer, ask, chunk, client, event, scriptedFetch, sse } from './helpers.js';

const KEY = 'sk-live-RELAY-key-0123456789';
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (parts: Uint8Array[]) => parts.map((p) => new TextDecoder().decode(p)).join('');

function through(pieces: string[], secret = KEY): string {
  const r = redactor(secret);
  const out = pieces.map((p) => r.push(bytes(p)));
  const rest = r.end();
  return text(rest ? [...out, rest] : out);
}

describe('redactor', () => {
  test('replaces the key wherever two chunks split it, and loses no other byte', () => {
    const body = `data: {"a":"${KEY}"} and ${KEY}${KEY} s sk- sk-live end\n\n`;
    const expected = body.split(KEY).join('[redacted]');
    for (let cut = 0; cut <= body.length; cut++) {
      expect(through([body.slice(0, cut), body.slice(cut)]), `cut at ${cut}`).toBe(expected);
    }
    // In single bytes, and with a key that is only started at the very end.
    expect(through([...body])).toBe(expected);
    expect(through(['tail sk-li'])).toBe('tail sk-li');
  });

  test('holds nothing back when a chunk does not end with the start of the key', () => {
    const r = redactor(KEY);
    const chunk = bytes('data: {"x":1}\n\n');
    expect(r.push(chunk)).toBe(chunk); // the same bytes, not a copy
    expect(r.end()).toBeUndefined();
  });
});

describe('the relay streams', () => {
  const read = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();
  const echoing = () =>
    sse(async function* () {
      const echoed = event(chunk({ content: `your key is ${KEY}` }));
      const half = echoed.indexOf(KEY) + 9;
      yield echoed.slice(0, half);
      yield echoed.slice(half);
      yield* answer(' bye');
    });

  test('toRawStream() and toReadableStream() never hand a client the key', async () => {
    for (const relay of ['toRawStream', 'toReadableStream'] as const) {
      const { fetch } = scriptedFetch(echoing());
      const stream = await client(fetch, { apiKey: KEY }).chat.completions.create({
        ...ask,
        stream: true,
      });
      const out = await read(stream[relay]());
      expect(out, relay).not.toContain(KEY);
      expect(out, relay).toContain('your key is [redacted]');
      expect(out, relay).toContain('bye');
    }
  });
});
