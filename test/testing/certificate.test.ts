import { X509Certificate } from 'node:crypto';
import { makeSelfSignedCertificate } from '../../lib/testing/certificate';

describe('the AutoMTLS certificate', () => {
  const made = makeSelfSignedCertificate(24);
  const cert = new X509Certificate(made.certPem);

  test('is a self-signed CA certificate for localhost that verifies with its own key', () => {
    expect(cert.subjectAltName).toBe('DNS:localhost');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.ca).toBe(true);
    expect(cert.checkIssued(cert)).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(cert.raw.equals(made.der)).toBe(true);
  });

  test('serves TLS servers and clients', () => {
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  });

  test('is valid now, from an hour ago for the hours asked', () => {
    const from = Date.parse(cert.validFrom);
    const to = Date.parse(cert.validTo);
    expect(from).toBeLessThan(Date.now());
    expect(Math.round((to - from) / 3600_000)).toBe(25);
  });

  test('its key signs what its certificate verifies', () => {
    const { createSign, createVerify } = require('node:crypto') as typeof import('node:crypto');
    const signature = createSign('sha256').update('hello').sign(made.keyPem);
    expect(createVerify('sha256').update('hello').verify(cert.publicKey, signature)).toBe(true);
  });

  test('serial numbers are positive 16-byte DER integers, whatever the random bytes', () => {
    for (let i = 0; i < 64; i++) {
      const serial = new X509Certificate(makeSelfSignedCertificate().der).serialNumber;
      expect(serial).toMatch(/^[4-7][0-9A-F]{31}$/);
    }
  });

  test('each start makes a new key and serial', () => {
    const other = new X509Certificate(makeSelfSignedCertificate().certPem);
    expect(other.serialNumber).not.toBe(cert.serialNumber);
    expect(other.publicKey.export({ format: 'der', type: 'spki' })).not.toEqual(cert.publicKey.export({ format: 'der', type: 'spki' }));
  });
});
