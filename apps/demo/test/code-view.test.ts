import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { cli, curl, shellQuote, typescript } from '../client/code-view.js';

const BASE = { offline: false, baseURL: 'https://api.comput3.ai/v1' } as const;
const OFFLINE = { offline: true, relay: 'http://127.0.0.1:5173/api' } as const;

describe('View as code', () => {
  test.each(['plain', "it's", 'a "quoted" $HOME `x` \\ word', 'line\nbreak', ''])(
    'shellQuote(%j) is one word that the shell gives back unchanged',
    (text) => {
      expect(
        execFileSync('sh', ['-c', `printf %s ${shellQuote(text) || "''"}`], { encoding: 'utf8' }),
      ).toBe(text);
    },
  );

  test('one message is a prompt; a conversation goes whole through --messages', () => {
    expect(
      cli(
        { model: 'kimi-k2', messages: [{ role: 'user', content: 'hi there' }], max_tokens: 50 },
        BASE,
      ),
    ).toBe("comput3 -m kimi-k2 --max-tokens 50 --no-save -- 'hi there'\n");
    const messages = [
      { role: 'user' as const, content: 'a' },
      { role: 'assistant' as const, content: 'b' },
      { role: 'user' as const, content: 'c' },
    ];
    expect(cli({ model: 'kimi-k2', messages }, BASE)).toBe(
      `comput3 -m kimi-k2 --no-save --messages '${JSON.stringify(messages)}'\n`,
    );
  });

  test('the key is always the environment variable; the default base URL is left out', () => {
    const r = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }] };
    expect(typescript(r, BASE)).toContain('apiKey: process.env.COMPUT3_API_KEY,\n});');
    expect(typescript(r, { offline: false, baseURL: 'http://gw.internal/v1' })).toContain(
      'baseURL: "http://gw.internal/v1"',
    );
    expect(curl(r, BASE)).toContain('-H "Authorization: Bearer $COMPUT3_API_KEY"');
  });

  test('a value that starts with - is written --name=value, so the CLI reads it as a value', () => {
    const r = {
      model: '-odd',
      messages: [
        { role: 'system' as const, content: '- Be brief.' },
        { role: 'user' as const, content: '-x' },
      ],
    };
    expect(cli(r, BASE)).toBe("comput3 --model=-odd '--system=- Be brief.' --no-save -- -x\n");
  });

  test('offline, the snippets need no key: the CLI runs --offline, curl and TypeScript call the relay', () => {
    const r = { model: 'kimi-k2', messages: [{ role: 'user' as const, content: 'hi' }] };
    expect(cli(r, OFFLINE)).toBe('comput3 --offline -m kimi-k2 --no-save -- hi\n');
    expect(curl(r, OFFLINE)).toContain('curl -N http://127.0.0.1:5173/api/chat/completions');
    expect(curl(r, OFFLINE)).not.toContain('Authorization');
    expect(typescript(r, OFFLINE)).toContain('baseURL: "http://127.0.0.1:5173/api"');
    expect(typescript(r, OFFLINE)).not.toContain('COMPUT3_API_KEY');
  });

  test('a regenerated answer offline was asked for by a seed: every snippet sends it', () => {
    const r = { model: 'kimi-k2', messages: [{ role: 'user' as const, content: 'hi' }], seed: 2 };
    expect(cli(r, OFFLINE)).toBe('comput3 --offline -m kimi-k2 --seed 2 --no-save -- hi\n');
    expect(curl(r, OFFLINE)).toContain('"seed":2');
    expect(typescript(r, OFFLINE)).toContain('"seed": 2');
  });
});
