import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

// The test task depends on build, so this runs the shipped file, as `comput3-mock` would.
const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return { child, out: () => stdout, err: () => stderr };
}

async function firstLine(child: ReturnType<typeof run>) {
  await expect.poll(() => child.out(), { timeout: 5000 }).toContain('\n');
  return child.out().split('\n')[0]!;
}

describe('comput3-mock', () => {
  test.each(['SIGINT', 'SIGTERM'] as const)(
    'prints its URL, serves, and shuts down cleanly on %s',
    async (signal) => {
      const proc = run(['--port', '0']);
      const line = await firstLine(proc);
      expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const url = line.slice('listening on '.length);
      const res = await fetch(`${url}/models`, { headers: { authorization: 'Bearer k' } });
      expect(res.status).toBe(200);
      proc.child.kill(signal);
      const [code] = await once(proc.child, 'exit');
      expect(code).toBe(0);
    },
  );

  test('serves the models given with --models', async () => {
    const proc = run(['--port', '0', '--models', 'a:1, b:2']);
    const url = (await firstLine(proc)).slice('listening on '.length);
    const res = await fetch(`${url}/models`, { headers: { authorization: 'Bearer k' } });
    const body = (await res.json()) as { data: { id: string }[] };
    expect(body.data.map((m) => m.id)).toEqual(['a:1', 'b:2']);
    proc.child.kill('SIGTERM');
    await once(proc.child, 'exit');
  });

  test('paces its answers by default; --pace instant answers at once', async () => {
    const timeToFirstByte = async (args: string[]) => {
      const proc = run(['--port', '0', ...args]);
      const url = (await firstLine(proc)).slice('listening on '.length);
      try {
        const sent = performance.now();
        const res = await fetch(`${url}/chat/completions`, {
          method: 'POST',
          headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'hermes4:405b',
            messages: [{ role: 'user', content: 'hi' }],
            stream: true,
          }),
        });
        const reader = res.body!.getReader();
        await reader.read();
        const first = performance.now() - sent;
        await reader.cancel();
        return first;
      } finally {
        proc.child.kill('SIGTERM');
        await once(proc.child, 'exit');
      }
    };
    // hermes4:405b's TTFT is 700 ms; a loaded machine can only make it later.
    expect(await timeToFirstByte([])).toBeGreaterThanOrEqual(350);
    expect(await timeToFirstByte(['--ttft-ms', '400'])).toBeGreaterThanOrEqual(200);
    expect(await timeToFirstByte(['--pace', 'instant'])).toBeLessThan(
      await timeToFirstByte(['--ttft-ms', '1500']),
    );
  });

  test.each([
    [['--pace', 'slow'], '--pace must be realistic or instant, got "slow".'],
    [['--ttft-ms', '1.5'], '--ttft-ms must be a whole number from 0 to 60000, got "1.5".'],
    [['--tokens-per-second', '0'], '--tokens-per-second must be a whole number from 1 to 100000'],
  ])('rejects %j with one clear line and exit code 2', async (args, message) => {
    const proc = run(['--port', '0', ...args]);
    const [code] = await once(proc.child, 'exit');
    expect(code).toBe(2);
    expect(proc.err().split('\n')[0]).toContain(message);
  });

  test('rejects a bad port with usage and exit code 2', async () => {
    const proc = run(['--port', 'eighty']);
    const [code] = await once(proc.child, 'exit');
    expect(code).toBe(2);
    expect(proc.err()).toContain('--port must be a whole number');
    expect(proc.err()).toContain('Usage: comput3-mock');
  });

  test('says so when the port is taken', async () => {
    const first = run(['--port', '0']);
    const port = new URL((await firstLine(first)).slice('listening on '.length)).port;
    const second = run(['--port', port]);
    const [code] = await once(second.child, 'exit');
    expect(code).toBe(2);
    expect(second.err()).toContain(`port ${port} is already in use`);
    first.child.kill('SIGTERM');
    await once(first.child, 'exit');
  });
});

describe('spawnMockServer', () => {
  test('runs the server in its own process and stops it', async () => {
    // From dist: the spawned process runs the built bin, as it does for users. (A computed
    // specifier, so that type-checking does not need the build; the types come from src.)
    const dist = new URL('../dist/index.js', import.meta.url).href;
    const { spawnMockServer } = (await import(dist)) as typeof import('../src/index.js');
    const server = await spawnMockServer({ models: ['only-one:1b'] });
    try {
      expect(server.pid).not.toBe(process.pid);
      const res = await fetch(`${server.url}/models`, { headers: { authorization: 'Bearer k' } });
      expect(((await res.json()) as { data: { id: string }[] }).data.map((m) => m.id)).toEqual([
        'only-one:1b',
      ]);
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/models`)).rejects.toThrow();
  });
});
