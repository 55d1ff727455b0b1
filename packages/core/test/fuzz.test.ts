// Properties, checked with fast-check: the SSE parser against any chunking and any noise, and
// the SDK's request validation against the spec's own schema as the mock enforces it.
import { KNOWN_MODELS } from '@comput3/api';
import { startMockServer, type MockServer } from '@comput3/mock';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Comput3ValidationError } from '../src/index.js';
import { SSEParser } from '../src/internal/sse.js';
import { validateTools } from '../src/tools/index.js';
import { validateChatRequest } from '../src/internal/validate.js';

describe('SSE parser', () => {
  // Event payloads as an OpenAI-compatible server sends them: one line of JSON each.
  const payload = fc.json({ maxDepth: 2 }).map((j) => j.replace(/[\r\n]/g, ''));
  const eol = fc.constantFrom('\n', '\r\n', '\r');
  const noise = fc.array(
    fc.oneof(
      fc.string({ unit: fc.constantFrom('p', 'i', 'n', 'g', ' ', ':') }).map((s) => `:${s}`),
      fc.constant(''),
    ),
    { maxLength: 3 },
  );

  test('comments and keep-alives anywhere between events, any line ends, any chunking: the same events', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(payload, noise, eol), { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 16 }),
        (events, cuts) => {
          let text = '';
          for (const [data, extra, end] of events) {
            for (const line of extra) text += line + end; // comments and blank keep-alive lines
            text += `data: ${data}${end}${end}`;
          }
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const parser = new SSEParser();
          const parsed = [];
          let last = 0;
          for (const p of [...points, text.length]) {
            parsed.push(...parser.push(text.slice(last, p))!);
            last = p;
          }
          // A blank keep-alive line right after an event's own blank line dispatches nothing.
          expect(parsed.map((e) => e.data)).toEqual(events.map(([data]) => data));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('request validation agrees with the spec', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer();
  });
  afterAll(() => mock.close());

  /** What the spec (through the mock's ajv validator) says of a body: null when valid. */
  async function specVerdict(body: unknown): Promise<string | null> {
    const res = await fetch(`${mock.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status === 200) {
      await res.body?.cancel(); // valid: a completion, or a stream when the body asked for one
      return null;
    }
    const json = (await res.json()) as { error?: { param: string | null; code: string } };
    if (res.status === 404 && json.error?.code === 'model_not_found') return null; // valid, just not served
    expect(res.status).toBe(400);
    return json.error?.param ?? '(body)';
  }

  function sdkVerdict(body: unknown): string | null {
    try {
      validateChatRequest(body);
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(Comput3ValidationError);
      return (error as Comput3ValidationError).field;
    }
  }

  const message = fc.record({
    role: fc.constantFrom('system', 'user', 'assistant'),
    content: fc.string({ maxLength: 40 }),
  });
  const valid = fc.record(
    {
      model: fc.oneof(fc.constantFrom(...KNOWN_MODELS), fc.string({ minLength: 1, maxLength: 20 })),
      messages: fc.array(message, { minLength: 1, maxLength: 4 }),
      max_tokens: fc.integer({ min: 1, max: 100_000 }),
      temperature: fc.double({ min: 0, max: 2, noNaN: true }),
      stream: fc.constant(false),
      stream_options: fc.record({ include_usage: fc.boolean() }, { requiredKeys: [] }),
    },
    { requiredKeys: ['model', 'messages'] },
  );
  // One field made wrong (or removed), so that both sides must name that very field.
  const MUTATIONS: [string, fc.Arbitrary<unknown>][] = [
    ['model', fc.constantFrom('', 42, null, [], {})],
    ['messages', fc.constantFrom([], 'hello', null, {}, 7)],
    ['messages[0]', fc.constantFrom(null, 'hi', 3, [])],
    ['messages[0].role', fc.constantFrom('robot', 'Tool', '', null, 1, 'User')],
    ['messages[0].content', fc.constantFrom(5, null, [], {}, true)],
    ['max_tokens', fc.oneof(fc.integer({ max: 0 }), fc.constantFrom(1.5, '10', null, true))],
    [
      'temperature',
      fc.oneof(
        fc.double({ min: 2.000001, max: 1e9, noNaN: true }),
        fc.double({ max: -1e-9, min: -1e9, noNaN: true }),
        fc.constantFrom('1', null, true),
      ),
    ],
    ['stream', fc.constantFrom('true', 1, null)],
    ['stream_options', fc.constantFrom('yes', 1, null, [])],
    ['stream_options.include_usage', fc.constantFrom('yes', 1, null)],
  ];

  test('valid requests pass the SDK and the spec alike', async () => {
    await fc.assert(
      fc.asyncProperty(valid, async (body) => {
        expect(sdkVerdict(body)).toBeNull();
        expect(await specVerdict(body)).toBeNull();
      }),
      { numRuns: 2500 },
    );
  }, 120_000);

  test('a request with one wrong field fails on both sides, naming the same field', async () => {
    const mutated = fc.integer({ min: 0, max: MUTATIONS.length - 1 }).chain((i) => {
      const [field, bad] = MUTATIONS[i]!;
      return fc.tuple(fc.constant(field), valid, bad);
    });
    await fc.assert(
      fc.asyncProperty(mutated, async ([field, base, bad]) => {
        const body = structuredClone(base) as Record<string, any>;
        if (field === 'messages[0]') body.messages[0] = bad;
        else if (field.startsWith('messages[0].')) body.messages[0][field.slice(12)] = bad;
        else if (field === 'stream_options.include_usage')
          body.stream_options = { include_usage: bad };
        else body[field] = bad;
        expect(sdkVerdict(body)).toBe(field);
        expect(await specVerdict(body)).toBe(field);
      }),
      { numRuns: 4000 },
    );
  }, 120_000);

  test('any request at all: the SDK accepts exactly what the spec accepts', async () => {
    const anything = fc.oneof(fc.anything(), fc.constant(undefined));
    const wild = fc.record(
      {
        model: fc.oneof(fc.constantFrom(...KNOWN_MODELS), anything),
        messages: fc.oneof(
          fc.array(fc.oneof(message, fc.record({ role: anything, content: anything })), {
            maxLength: 3,
          }),
          anything,
        ),
        max_tokens: fc.oneof(fc.integer({ min: -5, max: 5 }), anything),
        temperature: fc.oneof(fc.double({ min: -1, max: 3, noNaN: true }), anything),
        stream: fc.oneof(fc.constant(false), anything),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(wild, async (body) => {
        // What goes on the wire is the JSON text, so judge both sides on what survives JSON.
        const sent = JSON.parse(JSON.stringify(body));
        expect(sdkVerdict(sent) === null).toBe((await specVerdict(sent)) === null);
      }),
      { numRuns: 4000 },
    );
  }, 120_000);
});

// create() checks the messages; the tool fields are checked by validateTools() from
// @comput3/core/tools (runTools and parse call it), which keeps the main bundle small.
describe('tool fields: the SDK and the spec reject the same requests, naming the same field', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer();
  });
  afterAll(() => mock.close());
  const user = { role: 'user', content: 'x' };
  const call = { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } };
  test.each([
    ['messages[0].tool_call_id', { messages: [{ role: 'tool', content: 'r' }] }],
    ['messages[0].content', { messages: [{ role: 'user', content: null }] }],
    ['messages[0].content', { messages: [{ role: 'assistant', content: null }] }],
    [
      'messages[1].tool_calls',
      { messages: [user, { role: 'assistant', content: null, tool_calls: [] }] },
    ],
    [
      'messages[1].tool_calls[0].id',
      { messages: [user, { role: 'assistant', content: null, tool_calls: [{ ...call, id: 3 }] }] },
    ],
    ['tools', { messages: [user], tools: {} }],
    ['tools[0].function.name', { messages: [user], tools: [{ type: 'function', function: {} }] }],
    [
      'tools[0].function.name',
      { messages: [user], tools: [{ type: 'function', function: { name: 'has space' } }] },
    ],
    [
      'tools[0].function.parameters',
      { messages: [user], tools: [{ type: 'function', function: { name: 'f', parameters: 'x' } }] },
    ],
    ['tools[0].type', { messages: [user], tools: [{ type: 'code', function: { name: 'f' } }] }],
    ['parallel_tool_calls', { messages: [user], parallel_tool_calls: 'yes' }],
  ])('%s', async (field, body) => {
    const request = { model: 'kimi-k2', ...body };
    let sdk: string | undefined;
    try {
      validateChatRequest(request);
      validateTools(request);
    } catch (error) {
      sdk = (error as Comput3ValidationError).field;
    }
    const res = await fetch(`${mock.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    const json = (await res.json()) as { error: { param: string } };
    expect(res.status).toBe(400);
    expect(sdk).toBe(field);
    expect(json.error.param).toBe(field);
  });

  test('a whole tool conversation passes both', () => {
    const request = {
      model: 'kimi-k2',
      messages: [
        user,
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: 'auto',
      parallel_tool_calls: true,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'out', schema: { type: 'object' } },
      },
    };
    expect(() => validateChatRequest(request)).not.toThrow();
    expect(() => validateTools(request)).not.toThrow();
  });
});
