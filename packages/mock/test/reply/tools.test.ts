// Tool arguments taken from the prompt: what the user names is what the mock's model calls with.
import { expect, test } from 'vitest';
import { givenValue, plannedToolCalls } from '../../src/reply/tools.js';

test('a value named in the prompt: key: value, key=value, quoted, or a path for a path-like key', () => {
  expect(givenValue('path', 'Use read_text_file with path: /tmp/notes/todo.md please')).toBe(
    '/tmp/notes/todo.md',
  );
  expect(givenValue('city', 'weather city=Lisbon.')).toBe('Lisbon');
  expect(givenValue('query', 'search query: "tabs"')).toBe('tabs');
  expect(givenValue('path', 'What does notes.md say? Read it with read_text_file.')).toBe(
    'notes.md',
  );
  expect(givenValue('path', 'Read the file `docs/guide/cli.md`, then answer')).toBe(
    'docs/guide/cli.md',
  );
  expect(givenValue('city', 'What is the weather like?')).toBeUndefined();
  expect(givenValue('message', 'no path here')).toBeUndefined();
  // Linear: a long prompt of one repeated word is read in one pass.
  expect(givenValue('path', 'path '.repeat(200_000))).toBeUndefined();
  expect(givenValue('path', `path: ${')'.repeat(19_000)}x`)).toBeUndefined();
});

test('the call of a tool takes its path from the prompt', () => {
  const calls = plannedToolCalls({
    model: 'kimi-k2',
    messages: [{ role: 'user', content: 'Call read_text_file on /srv/notes.md and sum it up.' }],
    tools: [
      {
        type: 'function',
        function: {
          name: 'read_text_file',
          parameters: {
            type: 'object',
            properties: { path: { type: 'string' } },
            required: ['path'],
          },
        },
      },
    ],
  });
  expect(calls?.map((c) => JSON.parse(c.function.arguments))).toEqual([{ path: '/srv/notes.md' }]);
});
