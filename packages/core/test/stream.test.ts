// Streaming, with bodies written as async generators: one yield is one network chunk.
import { describe, expect, test } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  ChatCompletionStream,
  Comput3Error,
  InvalidResponseError,
} from '../src/index.js';
import { SSEParser } from '../src/internal/sse.js';
import {
  answer,
  apiErrorBody,
  ask,
  chunk,
  client,
  event,
  json,
  scriptedFetch,
  sse,
  untilAborted,
  fakeClock,
} from './helpers.js';

const streamed = { ...ask, stream: true as const };

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('ChatCompletionStream', () => {
  test('yields chunks in order and sends Accept: text/event-stream', async () => {
    const { fetch, calls } = scriptedFetch(sse(() => answer('Hel', 'lo')));
    const stream = await client(fetch).chat.completions.create(streamed);
    expect(stream).toBeInstanceOf(ChatCompletionStream);
    const chunks = await collect(stream);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? null)).toEqual(['', 'Hel', 'lo', null]);
    expect(new Headers(calls[0]!.init.headers).get('accept')).toBe('text/event-stream');
    expect(JSON.parse(calls[0]!.init.body as string).stream).toBe(true);
    expect(stream.requestId).toBe('req_s');
  });

  test('text() yields the content pieces only', async () => {
    const { fetch } = scriptedFetch(sse(() => answer('a', '', 'b')));
    const stream = await client(fetch).chat.completions.create(streamed);
    expect(await collect(stream.text())).toEqual(['a', 'b']);
  });

  test('finalCompletion() accumulates the chunks, usage included', async () => {
    const { fetch } = scriptedFetch(
      sse(async function* () {
        yield event(chunk({ role: 'assistant', content: '' }));
        yield event(chunk({ content: 'Hi ' })) + event(chunk({ content: 'there' }));
        yield event(chunk({}, 'length'));
        yield event({
          ...chunk({}),
          choices: [],
          usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
        });
        yield event('[DONE]');
      }),
    );
    const stream = await client(fetch).chat.completions.create(streamed);
    expect(await stream.finalCompletion()).toEqual({
      id: 'chatcmpl-s',
      object: 'chat.completion',
      created: 7,
      model: 'kimi-k2',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'Hi there' }, finish_reason: 'length' },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    });
  });

  test('finalCompletion() while another loop reads waits for that loop', async () => {
    const { fetch } = scriptedFetch(sse(() => answer('x', 'y')));
    const stream = await client(fetch).chat.completions.create(streamed);
    const seen: string[] = [];
    const reading = (async () => {
      for await (const c of stream) seen.push(c.choices[0]?.delta.content ?? '');
    })();
    const final = await stream.finalCompletion();
    await reading;
    expect(final.choices[0]?.message.content).toBe('xy');
    expect(seen.join('')).toBe('xy');
  });

  test('can be consumed once', async () => {
    const { fetch } = scriptedFetch(sse(() => answer('x')));
    const stream = await client(fetch).chat.completions.create(streamed);
    await collect(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(Comput3Error);
  });

  test('toReadableStream() re-encodes as SSE that parses back to the same chunks', async () => {
    const { fetch } = scriptedFetch(sse(() => answer('one', ' two')));
    const stream = await client(fetch).chat.completions.create(streamed);
    const text = await new Response(stream.toReadableStream()).text();
    const events = new SSEParser().push(text)!.map((e) => e.data);
    expect(events.at(-1)).toBe('[DONE]');
    expect(events.slice(0, -1).map((d) => JSON.parse(d).choices[0].delta.content ?? null)).toEqual([
      '',
      'one',
      ' two',
      null,
    ]);
  });

  test('breaking out of the loop closes the connection', async () => {
    let signal: AbortSignal | undefined;
    const { fetch } = scriptedFetch(
      sse(async function* (s) {
        signal = s;
        yield event(chunk({ role: 'assistant', content: '' }));
        await untilAborted(s);
      }),
    );
    const stream = await client(fetch).chat.completions.create(streamed);
    for await (const _ of stream) break;
    expect(signal?.aborted).toBe(true);
  });
});

// For a relay: the bytes go on as they came, and the client at the other end parses them.
describe('toRawStream()', () => {
  const read = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

  test('gives the body exactly as the server sent it, split where it was split', async () => {
    const sent = [
      event(chunk({ role: 'assistant', content: '' })),
      ': a comment\n\n',
      event(chunk({ content: 'hé' })) + event(chunk({}, 'stop')),
      event('[DONE]'),
    ];
    const { fetch } = scriptedFetch(
      sse(async function* () {
        yield* sent;
      }),
    );
    const stream = await client(fetch).chat.completions.create(streamed);
    const pieces: string[] = [];
    const decoder = new TextDecoder();
    for await (const piece of stream.toRawStream() as unknown as AsyncIterable<Uint8Array>) {
      pieces.push(decoder.decode(piece));
    }
    expect(pieces).toEqual(sent);
    // One reader only: it consumed the stream.
    expect(() => stream[Symbol.asyncIterator]()).toThrow(Comput3Error);
  });

  test('checks nothing: a cut stream is passed on cut, for its reader to judge', async () => {
    const { fetch } = scriptedFetch(
      sse(async function* () {
        yield event(chunk({ content: 'half an ans' }));
      }),
    );
    const stream = await client(fetch).chat.completions.create(streamed);
    expect(await read(stream.toRawStream())).toBe(event(chunk({ content: 'half an ans' })));
  });

  test('the idle timeout still holds: a stalled body errors with APITimeoutError and closes', async () => {
    let signal: AbortSignal | undefined;
    const { fetch } = scriptedFetch(
      sse(async function* (s) {
        signal = s;
        yield event(chunk({ content: 'before the stall' }));
        await untilAborted(s);
      }),
    );
    const clock = fakeClock();
    try {
      const stream = await client(fetch, { timeout: 80 }).chat.completions.create(streamed);
      const error = await clock.until(
        read(stream.toRawStream()).catch((e) => e),
        80,
      );
      expect(error).toBeInstanceOf(APITimeoutError);
      expect(signal?.aborted).toBe(true);
    } finally {
      clock.restore();
    }
  });

  test('chunks that keep coming are not cut off by the timeout', async () => {
    const { fetch } = scriptedFetch(
      sse(async function* (s) {
        for (let i = 0; i < 8; i++) {
          await new Promise((r) => setTimeout(r, 60));
          // As a real connection would: once aborted, no more bytes.
          if (s?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
          yield event(chunk({ content: `${i}` }));
        }
        yield event('[DONE]');
      }),
    );
    // 480 ms in all on the test's clock, never 80 without a chunk.
    const clock = fakeClock();
    try {
      const stream = await client(fetch, { timeout: 80 }).chat.completions.create(streamed);
      expect(await clock.until(read(stream.toRawStream()), 60)).toContain('data: [DONE]');
    } finally {
      clock.restore();
    }
  });

  test('cancelling it (the client went away) closes the upstream connection', async () => {
    let signal: AbortSignal | undefined;
    const { fetch } = scriptedFetch(
      sse(async function* (s) {
        signal = s;
        yield event(chunk({ content: 'first' }));
        await untilAborted(s);
      }),
    );
    const stream = await client(fetch).chat.completions.create(streamed);
    const reader = stream.toRawStream().getReader();
    await reader.read();
    await reader.cancel();
    expect(signal?.aborted).toBe(true);
  });

  test('the caller signal still aborts it', async () => {
    const controller = new AbortController();
    const { fetch } = scriptedFetch(
      sse(async function* (s) {
        yield event(chunk({ content: 'first' }));
        await untilAborted(s);
      }),
    );
    const stream = await client(fetch).chat.completions.create(streamed, {
      signal: controller.signal,
    });
    const reader = stream.toRawStream().getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('first');
    controller.abort();
    // Ended quietly, as the caller asked.
    expect((await reader.read()).done).toBe(true);
    await expect(stream.finalCompletion()).rejects.toThrow(APIUserAbortError);
  });
});

// Hugging Face `transformers serve` and several gateways close the stream right after the
// finish chunk and never send [DONE]; the openai package accepts that, and so do we.
describe('a stream that ends cleanly after every finish_reason, without [DONE]', () => {
  const noDone = () =>
    sse(async function* () {
      yield event(chunk({ role: 'assistant', content: '' }));
      yield event(chunk({ content: 'Complete ' })) + event(chunk({ content: 'answer.' }));
      yield event(chunk({}, 'stop'));
    });

  test('is complete: finalCompletion() resolves', async () => {
    const { fetch } = scriptedFetch(noDone());
    const stream = await client(fetch).chat.completions.create(streamed);
    const final = await stream.finalCompletion();
    expect(final.choices[0]).toMatchObject({
      message: { content: 'Complete answer.' },
      finish_reason: 'stop',
    });
  });

  test('is complete: text() yields it all and ends', async () => {
    const { fetch } = scriptedFetch(noDone());
    const stream = await client(fetch).chat.completions.create(streamed);
    expect((await collect(stream.text())).join('')).toBe('Complete answer.');
  });

  test('is complete: toReadableStream() ends with data: [DONE]', async () => {
    const { fetch } = scriptedFetch(noDone());
    const stream = await client(fetch).chat.completions.create(streamed);
    const text = await new Response(stream.toReadableStream()).text();
    const events = new SSEParser().push(text)!.map((e) => e.data);
    expect(events.at(-1)).toBe('[DONE]');
    expect(events).toHaveLength(5);
  });

  test('a usage chunk after the finish is kept', async () => {
    const { fetch } = scriptedFetch(
      sse(async function* () {
        yield event(chunk({ role: 'assistant', content: 'x' }));
        yield event(chunk({}, 'length'));
        yield event({
          ...chunk({}),
          choices: [],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        });
      }),
    );
    const stream = await client(fetch).chat.completions.create(streamed);
    expect((await stream.finalCompletion()).usage?.total_tokens).toBe(2);
  });
});

describe('stream failures', () => {
  test('a stream that ends before its finish_reason (and without [DONE]) is an InvalidResponseError with the partial answer', async () => {
    const { fetch } = scriptedFetch(
      sse(async function* () {
        yield event(chunk({ role: 'assistant', content: '' }));
        yield event(chunk({ content: 'half an ans' }));
      }),
    );
    const stream = await client(fetch).chat.completions.create(streamed);
    const error = await collect(stream).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain('the stream ended before "data: [DONE]"');
    expect(error.message).toContain('before every choice had a finish_reason');
    expect(error.partial.choices[0].message.content).toBe('half an ans');
    await expect(stream.finalCompletion()).rejects.toBe(error);
  });

  test('a stream that breaks off in the middle of an event is incomplete, even after a finish', async () => {
    const { fetch } = scriptedFetch(
      sse(async function* () {
        yield event(chunk({ role: 'assistant', content: '' }));
        yield event(chunk({ content: 'all' }, 'stop'));
        yield 'data: {"id":"chatcmpl-s","object":"chat.comp'; // no line end, no blank line
      }),
    );
    const stream = await client(fetch).chat.completions.create(streamed);
    const error = await stream.finalCompletion().catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain('broke off in the middle of an event');
    expect(error.partial.choices[0].message.content).toBe('all');
  });

  test('with two choices, one unfinished choice makes a stream without [DONE] incomplete', async () => {
    const { fetch } = scriptedFetch(
      sse(async function* () {
        const two = (i: number, content: string, finish: string | null) => ({
          ...chunk({}),
          choices: [{ index: i, delta: { content }, finish_reason: finish }],
        });
        yield event(two(0, 'a', null)) + event(two(1, 'b', null));
        yield event(two(0, '', 'stop'));
      }),
    );
    const stream = await client(fetch).chat.completions.create(streamed);
    await expect(stream.finalCompletion()).rejects.toThrow(InvalidResponseError);
  });

  test('a broken event is an InvalidResponseError', async () => {
    const { fetch } = scriptedFetch(
      sse(async function* () {
        yield event(chunk({ role: 'assistant', content: '' }));
        yield 'data: {"id": oops\n\n';
      }),
    );
    const stream = await client(fetch).chat.completions.create(streamed);
    const error = await collect(stream).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain('a stream event is not valid JSON: "{\\"id\\": oops"');
  });

  test('an error event mid-stream is an APIError with the server message', async () => {
    const { fetch } = scriptedFetch(
      sse(async function* () {
        yield event(chunk({ role: 'assistant', content: '' }));
        yield event({
          error: { message: 'model overloaded', type: 'server_error', code: 'overloaded' },
        });
      }),
    );
    const stream = await client(fetch).chat.completions.create(streamed);
    const error = await collect(stream).catch((e) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error.code).toBe('overloaded');
    expect(error.message).toContain('model overloaded');
  });

  test('a connection lost after the first chunk is not retried; the chunks are kept', async () => {
    const { fetch, calls } = scriptedFetch(
      sse(async function* () {
        yield event(chunk({ role: 'assistant', content: '' }));
        yield event(chunk({ content: 'kept' }));
        throw new TypeError('terminated');
      }),
    );
    const stream = await client(fetch, { maxRetries: 2 }).chat.completions.create(streamed);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const c of stream) seen.push(c.choices[0]?.delta.content ?? '');
    })().catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(seen).toEqual(['', 'kept']);
    expect(error.partial.choices[0].message.content).toBe('kept');
    expect(calls).toHaveLength(1);
  });

  test('reconnections take the same retry path: two failed connections, then success, with maxRetries 2', async () => {
    const { fetch, calls } = scriptedFetch(
      // The first connection answers 200, then breaks before its first chunk…
      sse(async function* () {
        throw new TypeError('terminated');
      }),
      // …the reconnection itself fails (before, a failed reconnection was never retried)…
      () => json(apiErrorBody('overloaded'), 503, { 'retry-after-ms': '1' }),
      // …and the next one succeeds.
      sse(() => answer('third time')),
    );
    const stream = await client(fetch, { maxRetries: 2 }).chat.completions.create(streamed);
    expect(await collect(stream.text())).toEqual(['third time']);
    expect(calls).toHaveLength(3);
  });

  test("reconnections share the request's retry budget", async () => {
    const { fetch, calls } = scriptedFetch(
      sse(async function* () {
        throw new TypeError('terminated');
      }),
      () => json(apiErrorBody('overloaded'), 503, { 'retry-after-ms': '1' }),
      sse(() => answer('never')),
    );
    const stream = await client(fetch, { maxRetries: 1 }).chat.completions.create(streamed);
    const error = await collect(stream).catch((e) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(503);
    expect(calls).toHaveLength(2);
  });

  test('a retry before headers counts against the budget a reconnection can use', async () => {
    const { fetch, calls } = scriptedFetch(
      () => json(apiErrorBody('overloaded'), 503, { 'retry-after-ms': '1' }),
      sse(async function* () {
        throw new TypeError('terminated');
      }),
      sse(() => answer('never')),
    );
    const stream = await client(fetch, { maxRetries: 1 }).chat.completions.create(streamed);
    await expect(collect(stream)).rejects.toThrow(APIConnectionError);
    expect(calls).toHaveLength(2);
  });

  test('a connection lost before the first chunk is retried', async () => {
    const { fetch, calls } = scriptedFetch(
      sse(async function* () {
        throw new TypeError('terminated');
      }),
      sse(() => answer('second try')),
    );
    const stream = await client(fetch, { maxRetries: 1 }).chat.completions.create(streamed);
    expect(await collect(stream.text())).toEqual(['second try']);
    expect(calls).toHaveLength(2);
  });

  test('an idle gap between chunks longer than the timeout is an APITimeoutError', async () => {
    let signal: AbortSignal | undefined;
    const { fetch } = scriptedFetch(
      sse(async function* (s) {
        signal = s;
        yield event(chunk({ role: 'assistant', content: '' }));
        yield event(chunk({ content: 'before the stall' }));
        await untilAborted(s);
      }),
    );
    const clock = fakeClock();
    let error;
    try {
      const stream = await client(fetch, { timeout: 80 }).chat.completions.create(streamed);
      error = await clock.until(
        collect(stream).catch((e) => e),
        80,
      );
    } finally {
      clock.restore();
    }
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error.message).toContain('no stream data arrived within 80 ms');
    expect(error.partial.choices[0].message.content).toBe('before the stall');
    expect(signal?.aborted).toBe(true);
  });

  test('chunks that keep coming are not cut off by the timeout', async () => {
    const { fetch } = scriptedFetch(
      sse(async function* () {
        yield event(chunk({ role: 'assistant', content: '' }));
        for (let i = 0; i < 8; i++) {
          await new Promise((r) => setTimeout(r, 60));
          yield event(chunk({ content: `${i}` }));
        }
        yield event(chunk({}, 'stop')) + event('[DONE]');
      }),
    );
    const clock = fakeClock();
    try {
      const stream = await client(fetch, { timeout: 80 }).chat.completions.create(streamed);
      const done = await clock.until(stream.finalCompletion(), 60);
      expect(done.choices[0]?.message.content).toBe('01234567');
    } finally {
      clock.restore();
    }
  });

  test('abort() mid-stream ends iteration quietly; finalCompletion() rejects with the partial answer', async () => {
    let signal: AbortSignal | undefined;
    const { fetch } = scriptedFetch(
      sse(async function* (s) {
        signal = s;
        yield event(chunk({ role: 'assistant', content: '' }));
        yield event(chunk({ content: 'so far' }));
        await untilAborted(s);
      }),
    );
    const stream = await client(fetch).chat.completions.create(streamed);
    for await (const c of stream) if (c.choices[0]?.delta.content === 'so far') stream.abort();
    const error = await stream.finalCompletion().catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error.partial.choices[0].message.content).toBe('so far');
    expect(signal?.aborted).toBe(true);
  });

  test('the caller signal aborts a stream too', async () => {
    const controller = new AbortController();
    const { fetch } = scriptedFetch(
      sse(async function* (s) {
        yield event(chunk({ role: 'assistant', content: '' }));
        await untilAborted(s);
      }),
    );
    const stream = await client(fetch).chat.completions.create(streamed, {
      signal: controller.signal,
    });
    for await (const _ of stream) controller.abort(); // at the first chunk
    await expect(stream.finalCompletion()).rejects.toThrow(APIUserAbortError);
  });

  test('toReadableStream() after the caller aborts: closed, without [DONE]', async () => {
    const controller = new AbortController();
    const { fetch } = scriptedFetch(
      sse(async function* (s) {
        yield event(chunk({ role: 'assistant', content: 'part' }));
        await untilAborted(s);
      }),
    );
    const stream = await client(fetch).chat.completions.create(streamed, {
      signal: controller.signal,
    });
    const reader = stream.toReadableStream().getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('part');
    controller.abort();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      rest += new TextDecoder().decode(r.value);
    }
    expect(rest).not.toContain('[DONE]');
  });

  test('a JSON answer to a stream request is an InvalidResponseError', async () => {
    const { fetch } = scriptedFetch(() => json({ not: 'a stream' }));
    await expect(client(fetch).chat.completions.create(streamed)).rejects.toThrow(
      'was asked to stream but answered application/json instead of text/event-stream',
    );
  });
});

test('a stream that fails on a broken event lets go of the connection', async () => {
  let signal: AbortSignal | undefined;
  const { fetch } = scriptedFetch(
    sse(async function* (s) {
      signal = s;
      yield event(chunk({ role: 'assistant', content: '' }));
      yield 'data: {broken\n\n';
      await untilAborted(s); // the server would go on sending
    }),
  );
  const stream = await client(fetch).chat.completions.create({ ...ask, stream: true });
  await expect(stream.finalCompletion()).rejects.toThrow(InvalidResponseError);
  expect(signal?.aborted).toBe(true);
});

test('abort() while waiting to reconnect stops the stream: no new connection', async () => {
  const { fetch, calls } = scriptedFetch(
    sse(async function* () {
      throw new TypeError('terminated');
    }),
    sse(() => answer('should not be fetched')),
  );
  const clock = fakeClock();
  try {
    // Aborted as the reconnection wait begins (the retry is announced just before it).
    // eslint-disable-next-line prefer-const -- read by the hook above before it is set
    let stream: Awaited<ReturnType<typeof create>> | undefined;
    const create = () =>
      client(fetch, {
        maxRetries: 2,
        observe: () => ({ retry: () => queueMicrotask(() => stream!.abort()) }),
      }).chat.completions.create({ ...ask, stream: true });
    stream = await create();
    await collect(stream);
    await expect(stream.finalCompletion()).rejects.toThrow(APIUserAbortError);
    // Long past any wait the retry rule could ask for: still one connection.
    await clock.advance(60_000);
    expect(calls).toHaveLength(1);
  } finally {
    clock.restore();
  }
});

describe('tool calls in a stream', () => {
  const args = '{"city":"Zürich 🏔","days":3,"note":"naïve ✓"}';
  const other = '{"zone":"Europe/Zürich"}';
  const piece = (index: number, fn: Record<string, string>, head = false) =>
    event({
      ...chunk({}),
      choices: [
        {
          index: 0,
          delta: {
            tool_calls: [
              head
                ? { index, id: `call_${index}`, type: 'function', function: fn }
                : { index, function: fn },
            ],
          },
          finish_reason: null,
        },
      ],
    });

  /** The whole SSE body, with the first call's arguments split at `cut` (a UTF-16 index). */
  const body = (cut: number) =>
    event(chunk({ role: 'assistant', content: null })) +
    piece(0, { name: 'get_weather', arguments: '' }, true) +
    piece(0, { arguments: args.slice(0, cut) }) +
    piece(1, { name: 'get_time', arguments: other.slice(0, 5) }, true) +
    piece(0, { arguments: args.slice(cut) }) +
    piece(1, { arguments: other.slice(5) }) +
    event(chunk({}, 'tool_calls')) +
    event('[DONE]');

  test('finalCompletion() joins the pieces by index, split anywhere, one byte per network read', async () => {
    const encoder = new TextEncoder();
    for (let cut = 0; cut <= args.length; cut++) {
      const bytes = encoder.encode(body(cut));
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
          controller.close();
        },
      });
      const { fetch } = scriptedFetch(
        () => new Response(stream, { headers: { 'content-type': 'text/event-stream' } }),
      );
      const final = await (await client(fetch).chat.completions.create(streamed)).finalCompletion();
      const message = final.choices[0]!.message;
      expect(message.content).toBeNull();
      expect(final.choices[0]!.finish_reason).toBe('tool_calls');
      expect(message.tool_calls).toEqual([
        { id: 'call_0', type: 'function', function: { name: 'get_weather', arguments: args } },
        { id: 'call_1', type: 'function', function: { name: 'get_time', arguments: other } },
      ]);
    }
  });
});
