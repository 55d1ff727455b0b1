import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SSEParser, type ServerSentEvent } from '../../src/internal/sse.js';

const parseAll = (parts: string[]): ServerSentEvent[] => {
  const parser = new SSEParser();
  return parts.flatMap((p) => parser.push(p)!);
};

describe('SSEParser', () => {
  test('parses data events and joins multi-line data', () => {
    expect(parseAll(['data: a\n\ndata: b\ndata: c\n\n'])).toEqual([
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b\nc' },
    ]);
  });

  test('handles CRLF, lone CR and a CR/LF split across chunks', () => {
    expect(parseAll(['data: a\r\n\r\ndata: b\r\rdata: c\r', '\n\r', '\n'])).toEqual([
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
      { event: 'message', data: 'c' },
    ]);
  });

  test('skips comments and blank keep-alives, keeps event names', () => {
    expect(parseAll([': ping\n\n\n\nevent: error\ndata: {"x":1}\n\n: bye\n'])).toEqual([
      { event: 'error', data: '{"x":1}' },
    ]);
  });

  test('strips exactly one space after the colon; no colon means an empty value', () => {
    expect(parseAll(['data:  two\n\ndata\n\ndata:x\n\n'])).toEqual([
      { event: 'message', data: ' two' },
      { event: 'message', data: '' },
      { event: 'message', data: 'x' },
    ]);
  });

  test('keeps an unterminated event until its blank line arrives', () => {
    const parser = new SSEParser();
    expect(parser.push('data: par')).toEqual([]);
    expect(parser.push('tial\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'message', data: 'partial' }]);
  });

  test('any split of a stream into chunks yields the same events', () => {
    const line = fc.oneof(
      fc
        .string({ unit: fc.constantFrom('a', 'b', ' ', ':', '{', '"', 'é', '😀') })
        .map((s) => `data: ${s}`),
      fc.string({ unit: fc.constantFrom('x', ' ') }).map((s) => `: ${s}`),
      fc.constant('event: delta'),
      fc.constant(''),
    );
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    const streamArb = fc
      .array(fc.tuple(line, eol), { minLength: 1, maxLength: 30 })
      .map((lines) => lines.map(([l, e]) => l + e).join('') + '\n\n');
    fc.assert(
      fc.property(streamArb, fc.array(fc.nat(), { maxLength: 12 }), (text, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const parts: string[] = [];
        let last = 0;
        for (const p of points) {
          parts.push(text.slice(last, p));
          last = p;
        }
        parts.push(text.slice(last));
        expect(parseAll(parts)).toEqual(parseAll([text]));
        // One character at a time is the most adversarial split of all.
        expect(parseAll([...text])).toEqual(parseAll([text]));
      }),
      { numRuns: 500 },
    );
  });
});
