import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP, isIPv4 } from 'node:net';

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

const DAY = 24 * 60 * 60 * 1000;

/**
 * Makes a throwaway CA and a server certificate for `hosts` (names and IP addresses), valid
 * from yesterday for `days`: ECDSA P-256 keys and signatures from node:crypto.
 *
 * The certificates are written here, in DER, rather than by an X.509 library: the one this
 * used (@peculiar/x509 with its ASN.1 stack, tsyringe and reflect-metadata) was 5 MB of a test
 * double's install for two certificates of a fixed shape. What is written is the standard
 * profile (RFC 5280): version 3, ecdsa-with-SHA256, CN names, and for the CA basic constraints
 * and key usage; for the server, SANs, server-auth and key identifiers.
 */
// Async in its signature (and so in the API): a key store or a slower generator may come.
// eslint-disable-next-line @typescript-eslint/require-await
export async function generateTls(hosts: readonly string[], days = 30): Promise<GeneratedTls> {
  const notBefore = new Date(Date.now() - DAY);
  const notAfter = new Date(notBefore.getTime() + (days + 1) * DAY);
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caName = name('comput3-mock local CA');
  const caKeyId = keyId(ca.publicKey);
  const caCert = certificate({
    issuer: caName,
    subject: caName,
    publicKey: ca.publicKey,
    signer: ca.privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension(OID.basicConstraints, seq(bool(true), int(Buffer.from([0]))), true),
      extension(OID.keyUsage, bits(0x06, 1), true), // keyCertSign, cRLSign
      extension(OID.subjectKeyIdentifier, octets(caKeyId)),
    ],
  });
  const server = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const cert = certificate({
    issuer: caName,
    subject: name(hosts[0] ?? 'localhost'),
    publicKey: server.publicKey,
    signer: ca.privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension(OID.basicConstraints, seq(), true),
      extension(OID.keyUsage, bits(0x80, 7), true), // digitalSignature
      extension(OID.extKeyUsage, seq(oid(OID.serverAuth))),
      extension(OID.subjectAltName, seq(...hosts.map(alternativeName))),
      extension(OID.subjectKeyIdentifier, octets(keyId(server.publicKey))),
      extension(OID.authorityKeyIdentifier, seq(tlv(0x80, caKeyId))),
    ],
  });
  return {
    ca: pem('CERTIFICATE', caCert),
    cert: pem('CERTIFICATE', cert),
    key: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
};

interface CertificateParts {
  issuer: Buffer;
  subject: Buffer;
  publicKey: KeyObject;
  signer: KeyObject;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}

function certificate(parts: CertificateParts): Buffer {
  const algorithm = seq(oid(OID.ecdsaWithSha256));
  const serial = randomBytes(8);
  serial[0]! &= 0x7f; // a positive serial number
  const tbs = seq(
    tlv(0xa0, int(Buffer.from([2]))), // [0] version: v3
    int(serial),
    algorithm,
    parts.issuer,
    seq(time(parts.notBefore), time(parts.notAfter)),
    parts.subject,
    parts.publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(...parts.extensions)), // [3] extensions
  );
  // node:crypto signs ECDSA in DER (dsaEncoding 'der'), the form X.509 wants.
  return seq(tbs, algorithm, bits(sign('sha256', tbs, parts.signer)));
}

// DER: a tag, the length (short form below 128, else long form), the content.
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : Buffer.concat([Buffer.from([0x80 | byteLength(n)]), uint(n)]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const byteLength = (n: number) => Math.max(1, Math.ceil(Math.log2(n + 1) / 8));
const uint = (n: number) => Buffer.from(n.toString(16).padStart(byteLength(n) * 2, '0'), 'hex');
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const bool = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0]));
const octets = (bytes: Buffer) => tlv(0x04, bytes);
/**
 * A positive INTEGER in its one DER form: no leading zero bytes (a random serial may start
 * with some; OpenSSL refuses them as "illegal padding"), except one that keeps a high first
 * bit from reading as negative.
 */
function int(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const minimal = bytes.subarray(start);
  return tlv(0x02, minimal[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}
/** A BIT STRING of whole bytes, or of one byte with `unused` low bits. */
function bits(value: number | Buffer, unused = 0): Buffer {
  const bytes = typeof value === 'number' ? Buffer.from([value]) : value;
  return tlv(0x03, Buffer.concat([Buffer.from([unused]), bytes]));
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const out = [first! * 40 + second!];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) groups.unshift((v & 0x7f) | 0x80);
    out.push(...groups);
  }
  return tlv(0x06, Buffer.from(out));
}

/** A Name with one CN. */
const name = (cn: string) =>
  seq(tlv(0x31, seq(oid(OID.commonName), tlv(0x0c, Buffer.from(cn, 'utf8')))));

/** UTCTime up to 2049, GeneralizedTime after, as RFC 5280 asks. */
function time(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(text.slice(2), 'ascii'))
    : tlv(0x18, Buffer.from(text, 'ascii'));
}

const extension = (id: string, value: Buffer, critical = false) =>
  seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

/** A key's identifier: the SHA-1 of its public key bits (RFC 5280, 4.2.1.2, method 1). */
function keyId(key: KeyObject): Buffer {
  const spki = key.export({ type: 'spki', format: 'der' });
  // For a P-256 key the bits are the last 65 bytes of the SPKI (the uncompressed point).
  return createHash('sha1')
    .update(spki.subarray(spki.length - 65))
    .digest();
}

/** A SAN: dNSName [2] or iPAddress [7], each tagged implicitly. */
function alternativeName(host: string): Buffer {
  if (!isIP(host)) return tlv(0x82, Buffer.from(host, 'ascii'));
  return tlv(0x87, isIPv4(host) ? Buffer.from(host.split('.').map(Number)) : ipv6(host));
}

function ipv6(address: string): Buffer {
  const [head = '', tail] = address.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return Buffer.from(all.map((g) => g.padStart(4, '0')).join(''), 'hex');
}

const pem = (label: string, der: Buffer) =>
  `-----BEGIN ${label}-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END ${label}-----\n`;
