// The stand-in provider's TLS identity for go-plugin's AutoMTLS: a self-signed P-256 certificate
// made at start-up, valid for `localhost` (the name Terraform dials), usable as its own CA, for
// server and client authentication. Built as DER (RFC 5280) with node:crypto signing the body.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** A certificate and its private key, both PEM; `der` is the certificate's DER bytes. */
export interface SelfSignedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly der: Buffer;
}

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else if (n < 0x100) length = Buffer.from([0x81, n]);
  else length = Buffer.from([0x82, n >> 8, n & 0xff]); // certificates here stay far below 64 KiB
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (tagNumber: number, item: Buffer) => tlv(0xa0 + tagNumber, item);
const octetString = (content: Buffer) => tlv(0x04, content);
const bitString = (unusedBits: number, content: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), content]));
const boolean = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
const utf8String = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));

function integer(bytes: Buffer): Buffer {
  // DER integers are signed: keep a positive value positive.
  return tlv(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first! * 40 + second!];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  // YYMMDDHHMMSSZ, for dates before 2050 (RFC 5280 4.1.2.5.1).
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

/** Makes a fresh self-signed certificate for `localhost`, valid from an hour ago for `validHours`. */
export function makeSelfSignedCertificate(validHours = 24): SelfSignedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const name = sequence(
    set(sequence(oid('2.5.4.10'), utf8String('cdktf-alicloud-havip testing'))),
    set(sequence(oid('2.5.4.3'), utf8String('localhost'))),
  );
  const now = Date.now();
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x3f) | 0x40; // positive and 16 bytes long: DER allows no leading zero byte
  const signatureAlgorithm = sequence(oid(ECDSA_WITH_SHA256));
  const extensions = sequence(
    extension('2.5.29.19', true, sequence(boolean(true))), // basicConstraints: CA
    // keyUsage: digitalSignature (bit 0), keyEncipherment (2), keyAgreement (4), keyCertSign (5)
    extension('2.5.29.15', true, bitString(2, Buffer.from([0b10101100]))),
    extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))), // serverAuth, clientAuth
    extension('2.5.29.17', false, sequence(tlv(0x82, Buffer.from('localhost', 'ascii')))), // subjectAltName DNS
  );
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // version 3
    integer(serial),
    signatureAlgorithm,
    name,
    sequence(utcTime(new Date(now - 3600_000)), utcTime(new Date(now + validHours * 3600_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const der = sequence(tbs, signatureAlgorithm, bitString(0, signature));
  const base64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return {
    certPem: `-----BEGIN CERTIFICATE-----\n${base64}-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    der,
  };
}
