import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** PEM material for a test CA, a server certificate it signed, and a client certificate. */
export interface TestPki {
  caCert: string;
  caKey: string;
  /** Server certificate for 127.0.0.1 and localhost, signed by the CA. */
  serverCert: string;
  serverKey: string;
  /** Client certificate (extKeyUsage clientAuth), signed by the CA. */
  clientCert: string;
  clientKey: string;
}

export interface TestPkiFiles {
  dir: string;
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
}

const attrs = (cn: string) => [{ name: 'commonName', value: cn }];
const validity = () => {
  // Starting yesterday keeps the certificates valid on machines whose clock lags a little.
  const notBeforeDate = new Date(Date.now() - 86_400_000);
  return { notBeforeDate, notAfterDate: new Date(notBeforeDate.getTime() + 30 * 86_400_000) };
};

let cached: Promise<TestPki> | undefined;

/**
 * Generates (once per test process: key generation is the slow part) a CA, a server certificate
 * for 127.0.0.1/localhost and a client certificate. EC keys because they are fast to make.
 */
export function testPki(): Promise<TestPki> {
  cached ??= makePki();
  return cached;
}

async function makePki(): Promise<TestPki> {
  const ca = await generate(attrs('Keyhole Test CA'), {
    keyType: 'ec', algorithm: 'sha256', ...validity(),
    extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }],
  });
  const server = await generate(attrs('127.0.0.1'), {
    keyType: 'ec', algorithm: 'sha256', ...validity(), ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  const client = await generate(attrs('keyhole-test-client'), {
    keyType: 'ec', algorithm: 'sha256', ...validity(), ca: { key: ca.private, cert: ca.cert },
    extensions: [{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true }, { name: 'extKeyUsage', clientAuth: true }],
  });
  return {
    caCert: ca.cert, caKey: ca.private,
    serverCert: server.cert, serverKey: server.private,
    clientCert: client.cert, clientKey: client.private,
  };
}

/** Writes the PKI to PEM files in a fresh temp folder (what users point --cacert/--cert at). */
export async function writePkiFiles(pki: TestPki): Promise<TestPkiFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'keyhole-pki-'));
  const files: TestPkiFiles = {
    dir,
    caFile: join(dir, 'ca.pem'),
    serverCertFile: join(dir, 'server.pem'),
    serverKeyFile: join(dir, 'server-key.pem'),
    clientCertFile: join(dir, 'client.pem'),
    clientKeyFile: join(dir, 'client-key.pem'),
  };
  await writeFile(files.caFile, pki.caCert);
  await writeFile(files.serverCertFile, pki.serverCert);
  await writeFile(files.serverKeyFile, pki.serverKey);
  await writeFile(files.clientCertFile, pki.clientCert);
  await writeFile(files.clientKeyFile, pki.clientKey);
  return files;
}

/**
 * Bundles the client certificate and key as PKCS#12 with a passphrase. Node has no PKCS#12
 * writer, so this uses the openssl command line (present wherever Node's own tests run).
 */
export function writeClientPfx(files: TestPkiFiles, passphrase: string): string {
  const out = join(files.dir, 'client.pfx');
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', files.clientKeyFile, '-in', files.clientCertFile, '-passout', `pass:${passphrase}`, '-out', out], { stdio: 'pipe' });
  return out;
}
