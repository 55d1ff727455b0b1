import { X509Certificate } from 'node:crypto';
import { expect, test, vi } from 'vitest';

// Serials are random: one that starts with zero bytes must still be written in its one DER
// form (OpenSSL refuses padding). Forced here, where a random run meets it once in ~128.
vi.mock('node:crypto', async (original) => {
  const real = await original<typeof import('node:crypto')>();
  return {
    ...real,
    randomBytes: (n: number) => Buffer.concat([Buffer.alloc(2), real.randomBytes(n - 2)]),
  };
});

const { generateTls } = await import('../src/tls.js');

test('a serial that starts with zero bytes is written minimally, and the chain verifies', async () => {
  const tls = await generateTls(['localhost', '127.0.0.1', '::1'], 2);
  const ca = new X509Certificate(tls.ca);
  const cert = new X509Certificate(tls.cert);
  expect(cert.serialNumber.startsWith('00')).toBe(false);
  expect(cert.verify(ca.publicKey)).toBe(true);
  expect(cert.checkIssued(ca)).toBe(true);
  expect(ca.ca).toBe(true);
  expect(cert.ca).toBe(false);
  expect(cert.subjectAltName).toBe(
    'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
  );
});
