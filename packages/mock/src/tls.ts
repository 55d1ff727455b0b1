import { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';

/** A certificate and its private key, PEM-encoded, as `https.createServer` takes them. */
export interface TlsIdentity {
  /** The certificate, PEM. */
  cert: string;
  /** Its private key, PEM. */
  key: string;
}

/** A local certificate authority and a server certificate it signed. */
export interface GeneratedTls extends TlsIdentity {
  /** The CA's certificate: what a client must trust (NODE_EXTRA_CA_CERTS, `ca`). */
  ca: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 60 * 60 * 1000;

const pem = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END ${label}-----\n`;

/**
 * Makes a throwaway CA and a server certificate for `hosts` (names and IP addresses), valid
 * from yesterday for `days`. ECDSA P-256 keys, made with Web Crypto; the certificates are
 * written by @peculiar/x509, loaded only here, so a plain-HTTP mock never pays for it.
 */
export async function generateTls(hosts: readonly string[], days = 30): Promise<GeneratedTls> {
  // @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API.
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const subtle = webcrypto.subtle;
  const notBefore = new Date(Date.now() - DAY);
  const notAfter = new Date(notBefore.getTime() + (days + 1) * DAY);
  const caKeys = (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: 'CN=comput3-mock local CA',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const keys = (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: `CN=${hosts[0] ?? 'localhost'}`,
    issuer: caCert.subject,
    notBefore,
    notAfter,
    signingKey: caKeys.privateKey,
    publicKey: keys.publicKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        hosts.map((h) => ({ type: isIP(h) ? 'ip' : 'dns', value: h }) as const),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return {
    ca: caCert.toString('pem'),
    cert: cert.toString('pem'),
    key: pem('PRIVATE KEY', await subtle.exportKey('pkcs8', keys.privateKey)),
  };
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(8));
  bytes[0]! &= 0x7f; // a positive serial number
  return Buffer.from(bytes).toString('hex');
}
