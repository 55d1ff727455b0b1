// Hostile replies, servers and files, with the CLI in a real pseudo-terminal where it matters:
// what the terminal receives is checked byte for byte for sequences that would take it over.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { home, run, startPty } from './run.js';

const KEY = 'sk-cli-hostile-0000';

/** Everything a terminal would act on that the CLI itself never writes. */
function takeovers(screen: string): string[] {
  const found: string[] = [];
  if (screen.includes('\x1b]')) found.push('OSC (clipboard, title)');
  if (screen.includes('\x07')) found.push('BEL');
  if (/[\x80-\x9f]/.test(screen)) found.push('C1 control');
  if (/\x1b\[[23]J/.test(screen)) found.push('clear screen');
  if (/\x1b\[[0-9;]*[^0-9;?ABCDGHJKmhl]/.test(screen)) found.push('other CSI');
  if (/\x1b[^[]/.test(screen)) found.push('other escape');
  return found;
}

// Raw escapes, character references for them, and C1 CSI, as a model or a server might send.
const PAYLOAD = [
  'hi &#27;]52;c;UFdORUQ=&#7; there',
  '&#x1b;]0;pwned&#x7;',
  '&#155;2J',
  '\x1b]52;c;cmF3\x07raw',
  '\x1b[2J\x1b[3J\x1bc',
  '\x9b2J',
  '`&#27;]0;code&#7;`',
  '[link](http://x/&#27;]0;l&#7;)',
  'flip \u202etxt.exe and \u2066isolate\u2069 zero\u200bwidth',
].join('\n');

const chunk = (content: string, finish: string | null = null) =>
  `data: ${JSON.stringify({
    id: 'evil\x1b]0;id\x07',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'evil\x1b]52;c;bW9kZWw=\x07',
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  })}\n\n`;

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const ids = ['m\x1b]0;models\x07', 'two\nlines', 'gpt\u202e4-mini', 'up\x1b[1A\x1b[2Kerased'];
      return res.end(JSON.stringify({ object: 'list', data: ids.map((id) => ({ id })) }));
    }
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const prompt = JSON.parse(body).messages.at(-1).content as string;
      if (prompt === 'fail') {
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: { message: 'no \x1b]52;c;ZXJy\x07 \x1b[2J' } }));
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`${chunk(PAYLOAD)}${chunk('', 'stop')}data: [DONE]\n\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const env = (extra: NodeJS.ProcessEnv = {}) =>
  home({ COMPUT3_API_KEY: KEY, COMPUT3_BASE_URL: url, ...extra });

describe('nothing a reply or a server sends takes the terminal over', () => {
  test.each([
    ['rendered Markdown', [], {}],
    ['--raw on a terminal', ['--raw'], {}],
    ['NO_COLOR=1', [], { NO_COLOR: '1' }],
    ['TERM=dumb', [], { TERM: 'dumb' }],
  ] as const)('%s', async (_name, flags, extra) => {
    const term = startPty([...flags, 'hello'], env(extra).env);
    expect(await term.done).toBe(0);
    expect(takeovers(term.raw())).toEqual([]);
    expect(term.screen()).toContain('there');
    // What would make text read in another order, or hide in it, is shown, not obeyed.
    expect(term.raw()).not.toMatch(/[\u202e\u2066\u2069\u200b]/);
    expect(term.screen()).toContain(
      'flip <U+202E>txt.exe and <U+2066>isolate<U+2069> zero<U+200B>width',
    );
  });

  test('an error message from the server', async () => {
    const term = startPty(['fail'], env().env);
    expect(await term.done).not.toBe(0);
    expect(term.screen()).toContain('comput3:');
    expect(takeovers(term.raw())).toEqual([]);
  });

  test('models --remote', async () => {
    const term = startPty(['models', '--remote'], env().env);
    expect(await term.done).toBe(0);
    expect(term.screen()).toContain(']0;models');
    expect(takeovers(term.raw())).toEqual([]);
    // A name is one line, and cannot move the cursor or read backwards.
    expect(term.screen()).toContain('two<U+000A>lines');
    expect(term.screen()).toContain('gpt<U+202E>4-mini');
    expect(term.screen()).toContain('up<U+001B>[1A<U+001B>[2Kerased');
    expect(term.raw()).not.toContain('\x1b[1A\x1b[2Kerased');
  });

  test('logs, logs show and logs search of a stored conversation', async () => {
    const h = env();
    expect((await run(['hello'], h.env)).code).toBe(0);
    for (const args of [['logs'], ['logs', 'show', ''], ['logs', 'search', 'there']]) {
      const id = (await run(['logs', '--json'], h.env)).stdout.match(/"id": "([\w-]+)"/)![1]!;
      const term = startPty(args[1] === 'show' ? ['logs', 'show', id] : args, h.env);
      expect(await term.done).toBe(0);
      expect(takeovers(term.raw())).toEqual([]);
    }
  });

  test('piped, the bytes are the model’s, exactly', async () => {
    const r = await run(['hello'], env().env);
    expect(r.stdout).toBe(`${PAYLOAD}\n`);
  });
});

describe('-f checks before it reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'comput3-hostile-'));

  test.each([
    ['/dev/zero', /-f \/dev\/zero: a character device, not a file/],
    ['/dev/urandom', /a character device, not a file/],
  ])('%s is refused at once', async (path, message) => {
    const r = await run(['-f', path, 'hi'], env().env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('a named pipe is refused, not waited on', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const r = await run(['-f', fifo, 'hi'], env().env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a named pipe, not a file/);
  });

  test('a 1.5 GB file is refused by its size, unread', async () => {
    const big = join(dir, 'big.txt');
    execFileSync('truncate', ['-s', '1500M', big]);
    const r = await run(['-f', big, 'hi'], env().env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/1536000 KiB is over the 256 KiB limit/);
  });

  test('a file that says it is empty is read only up to the limit', async () => {
    // /proc files report size 0 whatever they hold; this one is small, so it must be sent.
    const r = await run(['-f', '/proc/self/status', 'hi'], env().env);
    expect(r.code).toBe(0);
  });

  test('a NUL past the first 8 KiB makes it a binary file', async () => {
    const sneaky = join(dir, 'sneaky.txt');
    writeFileSync(sneaky, `${'a'.repeat(20_000)}\0tail`);
    const r = await run(['-f', sneaky, 'hi'], env().env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a binary file, not text/);
  });

  test('inside a folder, a pipe and an over-size file are skipped and said', async () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'ok.txt'), 'fine');
    execFileSync('mkfifo', [join(folder, 'pipe')]);
    execFileSync('truncate', ['-s', '2M', join(folder, 'huge.txt')]);
    const r = await run(['-f', folder, 'hi'], env().env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/not sent: .*huge\.txt \(2048 KiB\).*pipe \(a named pipe\)/);
  });

  test('a skipped file named with escape codes is listed with them shown, not obeyed', async () => {
    const folder = join(dir, 'named');
    mkdirSync(folder);
    writeFileSync(join(folder, 'ok.txt'), 'fine');
    execFileSync('truncate', ['-s', '2M', join(folder, 'a\x1b[1A\x1b[2K\x1b[8mhidden')]);
    const r = await run(['-f', folder, 'hi'], env().env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('a<U+001B>[1A<U+001B>[2K<U+001B>[8mhidden (2048 KiB)');
    expect(r.stderr).not.toContain('\x1b[1A');
  });
});

describe('files the CLI keeps', () => {
  test('config.json is written 0600', async () => {
    const h = env();
    expect((await run(['config', 'set', 'proxy', 'http://u:pw@proxy:3128'], h.env)).code).toBe(0);
    expect(statSync(join(h.config, 'comput3', 'config.json')).mode & 0o777).toBe(0o600);
  });

  test('a secret is never written through a link planted at its name', async () => {
    const h = env();
    const folder = join(h.config, 'comput3');
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    mkdirSync(h.data, { recursive: true });
    const elsewhere = join(h.data, 'attacker-owned.json');
    writeFileSync(elsewhere, '{}\n');
    symlinkSync(elsewhere, join(folder, 'config.json'));
    const r = await run(['config', 'set', 'proxy', 'http://u:pw@proxy:3128'], h.env);
    expect(r.code).toBe(0);
    expect(readFileSync(elsewhere, 'utf8')).toBe('{}\n');
    const written = lstatSync(join(folder, 'config.json'));
    expect(written.isFile()).toBe(true);
    expect(written.mode & 0o777).toBe(0o600);
  });

  test('a config folder others can write is refused, in one line that says how to fix it', async () => {
    const h = env();
    const folder = join(h.config, 'comput3');
    mkdirSync(folder, { recursive: true });
    chmodSync(folder, 0o777);
    const r = await run(['config', 'set', 'proxy', 'http://u:pw@proxy:3128'], h.env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/writable by other users.*chmod 700/);
    expect(r.stderr).not.toContain('pw@');
    expect(existsSync(join(folder, 'config.json'))).toBe(false);
  });

  test('a bad line in one conversation file breaks nothing else', async () => {
    const h = env();
    expect((await run(['hello'], h.env)).code).toBe(0);
    const folder = join(h.data, 'comput3', 'conversations');
    writeFileSync(
      join(folder, '20260101-000000-bad0.jsonl'),
      `null\n{"type":"message","role":"user","content":5}\n{"type":"start","id":"x","at":"t","model":"kimi-k2"}\n{"type":"message","at":"t","role":"user","content":"kept there"}\n`,
    );
    const list = await run(['logs'], h.env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/20260101-000000-bad0 {2}\? +kimi-k2 +1 {2}kept there/);
    expect(list.stderr).toMatch(/bad0\.jsonl:1: not an object/);
    expect(list.stderr).toMatch(/bad0\.jsonl:2: a message whose content is not text/);
    const search = await run(['logs', 'search', 'there'], h.env);
    expect(search.code).toBe(0);
    expect(search.stdout).toContain('kept there');
  });

  test('a bad role file breaks nothing else', async () => {
    const h = env();
    const roles = join(h.config, 'comput3', 'roles');
    mkdirSync(roles, { recursive: true });
    writeFileSync(join(roles, 'good.md'), '---\ndescription: fine\n---\nBe good.\n');
    writeFileSync(join(roles, 'bad.md'), '---\nmodel: [unclosed\n---\nx\n');
    const r = await run(['roles'], h.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/good {2}fine/);
    expect(r.stderr).toMatch(/skipped a role: .*bad\.md/);
  });
});

describe('counts a server sends', () => {
  test('the usage line shows ? for a count that is not a whole number, never the text sent', async () => {
    const { usageLine } = await import('../src/stats.js');
    const hostile = {
      usage: {
        prompt_tokens: '\u001b[2K\u001b[1AAPI key rotated: run curl … | sh',
        completion_tokens: Number.NaN,
        total_tokens: 9,
      },
    } as never;
    expect(usageLine(hostile)).toBe('tokens: ? prompt + ? completion = 9');
  });
});
