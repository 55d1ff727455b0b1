// Pacing, asserted loosely: a timer fires no earlier than asked, but a loaded machine may be late.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MODEL_LATENCY, startMockServer, type MockServer } from '../src/index.js';
import { hello } from './contract.js';

let realistic: MockServer;
beforeAll(async () => {
  realistic = await startMockServer({ pace: 'realistic', ttftMs: 200, tokensPerSecond: 100 });
});
afterAll(() => realistic.close());

/** Reads a stream, noting when each event arrived (ms after the request was sent). */
async function timed(url: string, body: unknown, headers: Record<string, string> = {}) {
  const sent = performance.now();
  const res = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer k', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const events: { at: number; data: string }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(part, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      events.push({ at: performance.now() - sent, data: buffer.slice(6, end) });
      buffer = buffer.slice(end + 2);
    }
  }
  return { status: res.status, headers: res.headers, events, total: performance.now() - sent };
}

describe('realistic pace', () => {
  test('the first token waits for the TTFT; the rest arrive spread over time, grouped in chunks', async () => {
    const body = hello('explain pacing in detail', {
      stream: true,
      stream_options: { include_usage: true },
    });
    const { events, total } = await timed(realistic.url, body);
    const chunks = events
      .filter((e) => e.data !== '[DONE]')
      .map((e) => ({ ...e, json: JSON.parse(e.data) }));
    const content = chunks.filter((c) => c.json.choices[0]?.delta.content);
    const tokens = chunks.at(-1)!.json.usage.completion_tokens;
    expect(content[0]!.at).toBeGreaterThanOrEqual(100); // ≥ half the 200 ms TTFT
    // 100 tokens/s: the whole reply takes at least half of tokens × 10 ms after the TTFT.
    expect(total).toBeGreaterThanOrEqual(100 + (tokens * 10) / 2);
    // Grouped, 1 to 3 tokens a chunk when the server's timers fire on time; on a busy machine
    // a late timer sends what is due at once, so only the upper bound holds whatever the load.
    expect(content.length).toBeLessThan(tokens);
    // (How spread the chunks look is not asserted: a client too busy to read sees them late
    // and together, whatever the server did. The total above is what pacing guarantees.)
  });

  test('a non-streamed answer arrives after the whole generation time', async () => {
    const sent = performance.now();
    const res = await fetch(`${realistic.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify(hello('hi there')),
    });
    const json = await res.json();
    expect(performance.now() - sent).toBeGreaterThanOrEqual(
      100 + (json.usage.completion_tokens * 10) / 2,
    );
  });

  test('x-mock-pace: instant answers a paced server at once; the header can pace an instant one', async () => {
    // A server whose first token waits a minute: answered at once, or the test times out.
    const slow = await startMockServer({ pace: 'realistic', ttftMs: 60_000 });
    const fast = await timed(slow.url, hello('now', { stream: true }), {
      'x-mock-pace': 'instant',
    }).finally(() => slow.close());
    const tokens = fast.events.length - 3;
    expect(tokens).toBeGreaterThan(5); // one token a chunk when instant
    const instant = await startMockServer();
    try {
      const paced = await timed(instant.url, hello('slow', { stream: true }), {
        'x-mock-ttft-ms': '300',
      });
      expect(paced.events[0]!.at).toBeGreaterThanOrEqual(150);
    } finally {
      await instant.close();
    }
  });

  test('a bad pacing header is a 400 that names the limit', async () => {
    const res = await fetch(`${realistic.url}/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer k',
        'content-type': 'application/json',
        'x-mock-tokens-per-second': '0',
      },
      body: JSON.stringify(hello()),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe(
      'The x-mock-tokens-per-second header must be a whole number from 1 to 100000.',
    );
  });

  test('faults and validation work the same when paced', async () => {
    const bad = await timed(realistic.url, { model: 'kimi-k2', messages: [] });
    expect(bad.status).toBe(400);
    const dropped = await timed(realistic.url, hello('x', { stream: true }), {
      'x-mock-fault': 'status=503',
    });
    expect(dropped.status).toBe(503);
  });

  test('larger models are slower: every documented model has a profile', () => {
    expect(Object.keys(MODEL_LATENCY)).toHaveLength(8);
    expect(MODEL_LATENCY['hermes4:405b']!.tokensPerSecond).toBeLessThan(
      MODEL_LATENCY['hermes4:70b']!.tokensPerSecond,
    );
    expect(MODEL_LATENCY['hermes4:405b']!.ttftMs).toBeGreaterThan(
      MODEL_LATENCY['hermes4:70b']!.ttftMs,
    );
  });
});
