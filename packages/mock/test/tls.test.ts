import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Agent, fetch } from 'undici';
import { describe, expect, test } from 'vitest';
import { generateTls, startMockServer } from '../src/index.js';

const auth = { authorization: 'Bearer k' };

describe('HTTPS', () => {
  test('tls: true serves https with a CA made at start-up; trusting it is enough', async () => {
    const mock = await startMockServer({ tls: true });
    try {
      expect(mock.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1$/);
      expect(mock.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
      const trusted = new Agent({ connect: { ca: mock.ca } });
      const res = await fetch(`${mock.url}/models`, { headers: auth, dispatcher: trusted });
      expect(res.status).toBe(200);
      await trusted.close();
      const error = await fetch(`${mock.url}/models`, { headers: auth }).catch((e) => e);
      expect(error.cause.code).toBe('SELF_SIGNED_CERT_IN_CHAIN');
    } finally {
      await mock.close();
    }
  });

  test('a certificate for other host names fails the name check', async () => {
    const mock = await startMockServer({ tls: { hosts: ['api.other.example'] } });
    try {
      const trusted = new Agent({ connect: { ca: mock.ca } });
      const error = await fetch(`${mock.url}/models`, { headers: auth, dispatcher: trusted }).catch(
        (e) => e,
      );
      expect(error.cause.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
      await trusted.close();
    } finally {
      await mock.close();
    }
  });

  test('given a certificate and key, it serves them', async () => {
    const made = await generateTls(['127.0.0.1']);
    const mock = await startMockServer({ tls: { cert: made.cert, key: made.key } });
    try {
      expect(mock.ca).toBeUndefined();
      const trusted = new Agent({ connect: { ca: made.ca } });
      const res = await fetch(`${mock.url}/models`, { headers: auth, dispatcher: trusted });
      expect(res.status).toBe(200);
      await trusted.close();
    } finally {
      await mock.close();
    }
  });

  test('comput3-mock --tls prints where the CA file is, and that file is the CA', async () => {
    const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const child = spawn(process.execPath, [bin, '--port', '0', '--tls', '--pace', 'instant'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    try {
      await expect.poll(() => out.split('\n').length, { timeout: 10_000 }).toBeGreaterThan(2);
      const [listening, caLine] = out.split('\n');
      const url = listening!.replace('listening on ', '');
      const caFile = /^CA certificate: (\S+) \(trust it with NODE_EXTRA_CA_CERTS=\1\)$/.exec(
        caLine!,
      )?.[1];
      expect(caFile).toBeTruthy();
      const trusted = new Agent({ connect: { ca: readFileSync(caFile!, 'utf8') } });
      const res = await fetch(`${url}/models`, { headers: auth, dispatcher: trusted });
      expect(res.status).toBe(200);
      await trusted.close();
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  test('--tls-cert without --tls-key is one clear line, exit 2', async () => {
    const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const child = spawn(process.execPath, [bin, '--tls-cert', '/tmp/x.pem'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe(
      'comput3-mock: --tls-cert and --tls-key go together: give both files.',
    );
  });
});
