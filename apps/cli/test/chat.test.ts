// `comput3 chat` driven through a real pseudo-terminal, keystroke by keystroke.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replyText, startMockServer, type MockServer } from '@comput3/mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { home, reply, run, startPty } from './run.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ recordBodies: true });
});
afterAll(() => mock.close());

describe('comput3 chat', () => {
  test('a multi-turn exchange with /model and /exit, saved as one conversation', async () => {
    const h = home({ COMPUT3_API_KEY: 'sk-chat-test', COMPUT3_BASE_URL: mock.url, NO_COLOR: '1' });
    const first = await reply('hermes4:70b', 'hello there');
    const second = await reply('kimi-k2', 'hello there', first, 'and again');
    const term = startPty(['chat'], h.env);
    try {
      await term.waitFor('comput3 chat with hermes4:70b');
      term.type('hello there\r');
      await term.waitFor(first);
      term.type('/model kimi-k2\r');
      await term.waitFor('model: kimi-k2');
      term.type('and again\r');
      await term.waitFor(second);
      // After each answer, a line of figures; /stats shows the last again.
      await term.waitFor(
        /kimi-k2 · first token \d+ ms · [\d.]+ tokens\/s · \d+ \+ \d+ tokens · req_mock_\d+/,
      );
      term.type('/stats\r');
      await expect.poll(() => term.screen().match(/kimi-k2 · first token/g)?.length).toBe(2);
      term.type('/exit\r');
      expect(await term.done).toBe(0);
    } finally {
      term.kill();
    }
    const logs = JSON.parse((await run(['logs', '--json'], h.env)).stdout);
    expect(logs).toHaveLength(1);
    expect(logs[0].messages.map((m: { content: string }) => m.content)).toEqual([
      'hello there',
      first,
      'and again',
      second,
    ]);
  });

  test('Ctrl-C during a reply stops it, keeps the partial answer, and returns to the prompt', async () => {
    const h = home({ COMPUT3_API_KEY: 'sk-chat-test', COMPUT3_BASE_URL: mock.url, NO_COLOR: '1' });
    const term = startPty(['chat'], h.env);
    try {
      await term.waitFor('comput3 chat with');
      const before = mock.requests.length;
      mock.injectFaults('delay-chunks=200');
      term.type('a slow one\r');
      await term.waitFor('Offline mock of hermes4:70b');
      term.type('\x03');
      await term.waitFor('[stopped]');
      await expect.poll(() => mock.requests.at(-1)?.closedEarly).toBe(true);
      term.type('still here?\r');
      await expect.poll(() => mock.requests.length).toBe(before + 2);
      await term.waitFor(/\n> $/);
      // Ctrl-C at an empty prompt leaves.
      term.type('\x03');
      expect(await term.done).toBe(0);
    } finally {
      term.kill();
    }
    const [conversation] = JSON.parse((await run(['logs', '--json'], h.env)).stdout);
    const partial = conversation.messages[1];
    expect(partial.role).toBe('assistant');
    expect(partial.partial).toBe(true);
    expect((await reply('hermes4:70b', 'a slow one')).startsWith(partial.content)).toBe(true);
    expect(conversation.messages).toHaveLength(4);
  });

  test('line history persists across sessions, commands included, as in a shell', async () => {
    const h = home({ COMPUT3_API_KEY: 'sk-chat-test', COMPUT3_BASE_URL: mock.url, NO_COLOR: '1' });
    const remembered = await reply('hermes4:70b', 'remember this line');
    const first = startPty(['chat', '--no-save'], h.env);
    try {
      await first.waitFor('comput3 chat with');
      first.type('remember this line\r');
      await first.waitFor(remembered);
      first.type('/exit\r');
      expect(await first.done).toBe(0);
    } finally {
      first.kill();
    }
    const second = startPty(['chat', '--no-save'], h.env);
    try {
      await second.waitFor('comput3 chat with');
      second.type('\x1b[A'); // Up: "/exit", the last line typed
      second.type('\x1b[A'); // Up again: the question before it
      second.type('\r');
      await second.waitFor(remembered); // this screen is the second session's only
      second.type('/exit\r');
      expect(await second.done).toBe(0);
    } finally {
      second.kill();
    }
  });

  const lastMessages = () =>
    (mock.requests.at(-1)!.body as { messages: { role: string; content: string }[] }).messages;

  test('a failed message is not kept: it is offered again, and /retry sends it once', async () => {
    const h = home({ COMPUT3_API_KEY: 'sk-chat-test', COMPUT3_BASE_URL: mock.url, NO_COLOR: '1' });
    const term = startPty(['chat', '-m', 'no-such-model'], h.env);
    try {
      await term.waitFor('comput3 chat with no-such-model');
      term.type('will this get lost?\r');
      await term.waitFor('Not added to the conversation.');
      // The text is back on the prompt line, ready to send or edit.
      await term.waitFor(/> will this get lost\?$/);
      // A command typed over it replaces it: it is not run on the end of the message.
      const before = mock.requests.length;
      term.type('/model kimi-k2\r');
      await term.waitFor('model: kimi-k2');
      expect(mock.requests.length).toBe(before);
      term.type('/retry\r');
      await term.waitFor(await reply('kimi-k2', 'will this get lost?'));
      expect(lastMessages()).toEqual([{ role: 'user', content: 'will this get lost?' }]);
      term.type('and then?\r');
      await expect.poll(() => lastMessages().length).toBe(3);
      expect(lastMessages().map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
      term.type('/exit\r');
      expect(await term.done).toBe(0);
    } finally {
      term.kill();
    }
    const [conversation] = JSON.parse((await run(['logs', '--json'], h.env)).stdout);
    expect(conversation.messages.map((m: { role: string }) => m.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(conversation.failed).toHaveLength(1);
    expect(conversation.failed[0].messages[0].content).toBe('will this get lost?');
  });

  test('a paste of several lines is one message; so is a """ block', async () => {
    const h = home({ COMPUT3_API_KEY: 'sk-chat-test', COMPUT3_BASE_URL: mock.url, NO_COLOR: '1' });
    const term = startPty(['chat', '--no-save'], h.env);
    try {
      await term.waitFor('comput3 chat with');
      const before = mock.requests.length;
      // What a terminal sends for a paste once bracketed paste is on.
      term.type('\x1b[200~first line\nsecond line\r\nthird line\x1b[201~');
      await term.waitFor('first line\u2424second line\u2424third line');
      term.type('\r');
      await expect.poll(() => mock.requests.length - before).toBe(1);
      expect(lastMessages().at(-1)!.content).toBe('first line\nsecond line\nthird line');

      term.type('"""\r');
      term.type('def f():\r');
      term.type('    return 1\r');
      term.type('"""\r');
      await expect.poll(() => mock.requests.length - before).toBe(2);
      expect(lastMessages().at(-1)!.content).toBe('def f():\n    return 1');
      // Up recalls the block as one message, not its last line.
      await term.waitFor(/> $/);
      term.type('\x1b[A');
      await term.waitFor('def f():\u2424    return 1');
      term.type('\r');
      await expect.poll(() => mock.requests.length - before).toBe(3);
      expect(lastMessages().at(-1)!.content).toBe('def f():\n    return 1');
      term.type('/exit\r');
      expect(await term.done).toBe(0);
    } finally {
      term.kill();
    }
  });

  test('Ctrl-D leaves, and chat refuses to run without a terminal', async () => {
    const h = home({ COMPUT3_API_KEY: 'sk-chat-test', COMPUT3_BASE_URL: mock.url });
    const term = startPty(['chat'], h.env);
    try {
      await term.waitFor('comput3 chat with');
      term.type('\x04');
      expect(await term.done).toBe(0);
    } finally {
      term.kill();
    }
    const piped = await run(['chat'], h.env, 'hello\n');
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain('comput3 chat needs a terminal');
  });

  test('/role, /file, /multi, /copy and /save', async () => {
    const h = home({ COMPUT3_API_KEY: 'sk-chat-test', COMPUT3_BASE_URL: mock.url, NO_COLOR: '1' });
    const roles = join(h.config, 'comput3', 'roles');
    mkdirSync(roles, { recursive: true });
    writeFileSync(join(roles, 'terse.md'), '---\nmodel: kimi-k2\n---\nAnswer in one line.\n');
    const dir = mkdtempSync(join(tmpdir(), 'comput3-chat-'));
    writeFileSync(join(dir, 'a.txt'), 'alpha\n');
    const term = startPty(['chat', '--no-save'], h.env);
    try {
      await term.waitFor('comput3 chat with');
      term.type('/role nope\r');
      await term.waitFor('No role "nope" (there are: terse).');
      term.type('/role terse\r');
      await term.waitFor('role: terse (model kimi-k2)');
      term.type(`/file ${join(dir, 'a.txt')}\r`);
      await term.waitFor('it goes with your next message.');
      term.type('/multi\r');
      term.type('two\r');
      term.type('lines\r');
      term.type('"""\r');
      await term.waitFor(/kimi-k2 · first token/);
      const body = mock.requests.at(-1)!.body as {
        model: string;
        messages: { role: string; content: string }[];
      };
      expect(body.model).toBe('kimi-k2');
      expect(body.messages).toEqual([
        { role: 'system', content: 'Answer in one line.' },
        {
          role: 'user',
          content: `two\nlines\n\n### ${join(dir, 'a.txt')}\n\n\`\`\`txt\nalpha\n\`\`\``,
        },
      ]);
      const answer = await replyText('kimi-k2', body.messages as never);
      // /copy: the reply to the clipboard through OSC 52, which the terminal itself carries out.
      term.type('/copy\r');
      await term.waitFor('Copied the last reply');
      expect(term.raw()).toContain(`\x1b]52;c;${Buffer.from(answer).toString('base64')}\x07`);
      const saved = join(dir, 'chat.md');
      term.type(`/save ${saved}\r`);
      await term.waitFor(`Saved 2 messages to ${saved}.`);
      expect(readFileSync(saved, 'utf8')).toBe(
        `# comput3 chat with kimi-k2\n\n**System:** Answer in one line.\n\n## You\n\n${body.messages[1]!.content}\n\n## Assistant\n\n${answer}\n`,
      );
      term.type(`/save ${saved}\r`);
      await term.waitFor('exists: /save to a new name (nothing was overwritten).');
      // Each answer under the model and system prompt it was given with, not the current ones.
      term.type('/model hermes4:70b\r');
      term.type('/system\r'); // shows it
      await term.waitFor('system: Answer in one line.');
      term.type('/system none\r');
      await term.waitFor('system: (none)');
      await term.waitFor('model: hermes4:70b');
      term.type('and again\r');
      await term.waitFor(/hermes4:70b · first token/);
      const again = await replyText('hermes4:70b', [
        ...body.messages.slice(1),
        { role: 'assistant', content: answer },
        { role: 'user', content: 'and again' },
      ] as never);
      term.type('/model qwen3-max\r');
      await term.waitFor('model: qwen3-max');
      const second = join(dir, 'chat-2.md');
      term.type(`/save ${second}\r`);
      await term.waitFor(`Saved 4 messages to ${second}.`);
      expect(readFileSync(second, 'utf8')).toBe(
        `# comput3 chat with kimi-k2\n\n**System:** Answer in one line.\n\n## You\n\n${body.messages[1]!.content}\n\n## Assistant\n\n${answer}\n\n## You\n\nand again\n\n*Model: hermes4:70b*\n\n*No system prompt*\n\n## Assistant\n\n${again}\n`,
      );
      term.type('/exit\r');
      expect(await term.done).toBe(0);
    } finally {
      term.kill();
    }
  });
});
