import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import type { z } from 'zod';
import type { ClientCertAuth } from '../../../shared/model';
import { resolvePath } from './body-hash';
import { authConfigError } from './config-error';
import type { AuthContext, AuthScheme } from './types';

type ClientCert = z.infer<typeof ClientCertAuth>;

async function readField(ctx: AuthContext, field: string, path: string): Promise<Buffer> {
  const full = resolvePath(path, ctx.baseDir);
  try {
    return await readFile(full);
  } catch (e) {
    throw authConfigError(ctx, 'Client certificate', field, `points to ${full}, which cannot be read`, 'Check the path (relative paths are relative to the collection folder).', e);
  }
}

function describe(cert: X509Certificate, now: Date): string {
  const cn = /CN=([^\n,]+)/.exec(cert.subject)?.[1] ?? cert.subject.replace(/\n/g, ', ');
  const expired = new Date(cert.validTo).getTime() < now.getTime();
  return `"${cn}" (${expired ? 'EXPIRED' : 'valid until'} ${cert.validTo})`;
}

/**
 * mTLS as an auth profile, so each environment can present its own certificate. The headers stay
 * untouched; the certificate rides on PreparedRequest.tls, which the transport merges into its
 * TLS settings. Files are read and parsed here first, so a wrong path or passphrase is an error
 * naming the field instead of a TLS handshake failure.
 */
export const clientCertScheme: AuthScheme<ClientCert> = {
  type: 'clientcert',
  label: 'Client certificate',
  async apply(auth, req, ctx) {
    const passphrase = auth.passphrase || undefined;
    if (auth.pfxFile) {
      const pfx = await readField(ctx, 'pfxFile', auth.pfxFile);
      try {
        createSecureContext({ pfx, ...(passphrase ? { passphrase } : {}) });
      } catch (e) {
        throw authConfigError(ctx, 'Client certificate', passphrase ? 'passphrase' : 'pfxFile', 'does not open the PKCS#12 file (wrong passphrase, or not a PKCS#12 file)', 'Check the file and its passphrase.', e);
      }
      const pfxFile = resolvePath(auth.pfxFile, ctx.baseDir);
      ctx.log(`Client certificate: will present the PKCS#12 certificate from ${pfxFile}${passphrase ? ' (passphrase set)' : ''}.`);
      return { ...req, tls: { ...req.tls, pfxFile, ...(passphrase ? { passphrase } : {}) } };
    }
    if (!auth.certFile) throw authConfigError(ctx, 'Client certificate', 'certFile', 'is empty', 'Set certFile and keyFile (PEM), or pfxFile (PKCS#12).');
    if (!auth.keyFile) throw authConfigError(ctx, 'Client certificate', 'keyFile', 'is empty', 'Set the PEM private key that goes with the certificate.');
    const certPem = await readField(ctx, 'certFile', auth.certFile);
    const keyPem = await readField(ctx, 'keyFile', auth.keyFile);
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(certPem);
    } catch (e) {
      throw authConfigError(ctx, 'Client certificate', 'certFile', 'is not a PEM certificate that parses', 'Use the certificate file (-----BEGIN CERTIFICATE-----).', e);
    }
    let key;
    try {
      key = createPrivateKey({ key: keyPem, format: 'pem', ...(passphrase ? { passphrase } : {}) });
    } catch (e) {
      throw authConfigError(ctx, 'Client certificate', passphrase ? 'passphrase' : 'keyFile', 'does not open the private key (wrong passphrase, encrypted key without one, or not a PEM key)', 'Check the key file and its passphrase.', e);
    }
    if (!cert.checkPrivateKey(key)) {
      throw authConfigError(ctx, 'Client certificate', 'keyFile', 'holds a private key that does not match the certificate', 'Use the key the certificate was issued for.');
    }
    const certFile = resolvePath(auth.certFile, ctx.baseDir);
    const keyFile = resolvePath(auth.keyFile, ctx.baseDir);
    ctx.log(`Client certificate: will present ${describe(cert, ctx.now())} from ${certFile}.`);
    return { ...req, tls: { ...req.tls, certFile, keyFile, ...(passphrase ? { passphrase } : {}) } };
  },
};
