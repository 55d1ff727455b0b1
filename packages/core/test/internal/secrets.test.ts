// Every spelling of the key is hidden: in text, in relayed bytes however the server splits
// them, in escapes a reader would decode back; and text is scrubbed before it is cut.
import { describe, expect, test } from 'vitest';
import { redactor } from '@comput3/api/secrets';
import { cut, hideUrlPasswords, textScrubber } from '../../src/internal/secrets.js';
import { answer, ask, chunk, client, event, scriptedFetch, sse } from '../helpers.js';

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

/** The key with each character at the positions in `escaped` written as a JSON escape. */
const spelled = (key: string, escaped: number[], upper = false) =>
  [...key]
    .map((c, i) => {
      const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
      return escaped.includes(i) ? `\\u${upper ? hex.toUpperCase() : hex}` : c;
    })
    .join('');

describe('escaped spellings in relayed bytes', () => {
  const spellings = [
    spelled(KEY, [0]),
    spelled(KEY, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    spelled(
      KEY,
      [...KEY].map((_, i) => i),
    ),
    spelled(KEY, [3, KEY.length - 1], true),
  ];

  test('each is hidden wherever a chunk boundary falls', () => {
    for (const s of spellings) {
      const body = `data: {"echo":"${s}"}\n\n`;
      const expected = 'data: {"echo":"[redacted]"}\n\n';
      for (let at = 0; at <= body.length; at++) {
        expect(through([body.slice(0, at), body.slice(at)]), `${s} cut at ${at}`).toBe(expected);
      }
    }
  });

  test('lookalikes and other escapes pass unchanged', () => {
    const innocent = 'a \\n b \\u0073k-live \\"q\\" \\/ \\\\ \\u00';
    expect(through([innocent])).toBe(innocent);
    expect(through([...innocent])).toBe(innocent);
  });

  test('a body of escapes is scanned in linear time', () => {
    // 2 MB of backslashes: each is a candidate, none a match. Linear, this is milliseconds; a
    // rescan per candidate would run past the test's timeout.
    const body = '\\n\\u0041'.repeat(250_000);
    expect(through([body])).toBe(body);
  });
});

describe('text cut for a message', () => {
  test('is scrubbed before it is cut, so no part of the key is left', () => {
    const text = `${'x'.repeat(100)}${KEY}${'y'.repeat(100)}`;
    const shown = cut(text, textScrubber(KEY), 120);
    expect(shown).toBe(`${'x'.repeat(100)}[redacted]${'y'.repeat(10)}…`);
    expect(shown).not.toContain(KEY.slice(0, 6));
  });

  test('a password in a URL is masked', () => {
    expect(hideUrlPasswords('GET http://user:hunter22@host/v1 failed')).toBe(
      'GET http://user:***@host/v1 failed',
    );
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
