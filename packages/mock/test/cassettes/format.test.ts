// The cassette file: what writeCassette writes reads back the same, stays the same text as it
// grows (a recording rewrites only what is new), and keeps a body that looks like its markers.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import {
  readCassette,
  writeCassette,
  type Cassette,
  type Interaction,
} from '../../src/cassettes/format.js';

const streamed = (n: number): Interaction => ({
  request: { method: 'POST', path: '/chat/completions', body: { model: 'kimi-k2', n } },
  response: {
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    events: [
      { ms: 1, data: { choices: [{ delta: { content: `a${n}` } }] } },
      { ms: 2, raw: 'data: [DONE]' },
    ],
  },
});

test('written pretty, a stream one event a line, and read back the same as it grows', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cassette-format-')), 'c.json');
  const cassette: Cassette = { comput3Cassette: 1, interactions: [] };
  writeCassette(file, cassette);
  expect(readFileSync(file, 'utf8')).toBe('{\n  "comput3Cassette": 1,\n  "interactions": []\n}\n');
  const texts: string[] = [];
  for (let n = 0; n < 3; n++) {
    cassette.interactions.push(streamed(n));
    writeCassette(file, cassette);
    texts.push(readFileSync(file, 'utf8'));
    expect(readCassette(file)).toEqual(cassette);
  }
  // Each file is the one before with an interaction added: nothing earlier is written otherwise.
  expect(texts[2]!.startsWith(texts[1]!.slice(0, -'\n  ]\n}\n'.length))).toBe(true);
  expect(texts[2]).toContain(
    '        "events": [\n          {"ms":1,"data":{"choices":[{"delta":{"content":"a2"}}]}},\n          {"ms":2,"raw":"data: [DONE]"}\n        ]',
  );
});

test('a body that holds what looks like the events marker is kept as it was', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cassette-format-')), 'c.json');
  const odd: Interaction = {
    request: { method: 'POST', path: '/chat/completions', body: { events: 'comput3-events-x-0' } },
    response: { status: 200, headers: {}, body: { events: '\u0000events:0\u0000' } },
  };
  const cassette: Cassette = { comput3Cassette: 1, interactions: [streamed(0), odd] };
  writeCassette(file, cassette);
  expect(readCassette(file)).toEqual(cassette);
});
