import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection, GrpcRequest } from '../../../shared/model';
import { openSession } from '../../../electron/engine/session';
import type { SecretStore } from '../../../electron/engine/secrets';
import { testPki, writePkiFiles, type TestPkiFiles } from '../../servers/certs';
import { GRPC_PROTO_DIR, startGrpcServer, type GrpcTestServer } from '../../servers/grpc';

const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => 'set it' };
const temp = (): string => mkdtempSync(join(tmpdir(), 'keyhole-grpc-tls-'));

let tls: GrpcTestServer;
let mtls: GrpcTestServer;
let files: TestPkiFiles;
let dir: string;
beforeAll(async () => {
  const pki = await testPki();
  files = await writePkiFiles(pki);
  tls = await startGrpcServer({ tls: { pki } });
  mtls = await startGrpcServer({ tls: { pki, mtls: true } });
  dir = temp();
  cpSync(GRPC_PROTO_DIR, join(dir, 'protos'), { recursive: true });
});
afterAll(async () => { await Promise.all([tls.close(), mtls.close()]); });

async function call(url: string, settings: object, proto: 'files' | 'reflection' = 'files') {
  const collection = Collection.parse({ name: 'grpc-tls', settings });
  const s = await openSession({ collection, collectionDir: dir, secrets: noSecrets, tempDir: temp(), env: {} });
  return s.send(GrpcRequest.parse({
    kind: 'grpc', name: 'Hello', url, rpc: 'keyhole.greeter.v1.Greeter/SayHello',
    proto: proto === 'files' ? { type: 'files', files: ['protos/keyhole/greeter/v1/greeter.proto'], importPaths: ['protos'] } : { type: 'reflection' },
    messages: [{ name: 'm', text: '{"name":"tls"}' }],
  }));
}

describe('gRPC over TLS', () => {
  it('trusts the collection CA for grpcs:// (reflection too), and fails UNAVAILABLE without it', async () => {
    expect((await call(tls.url, { tls: { caFile: files.caFile } })).exchange.grpc?.status?.code).toBe(0);
    expect((await call(tls.url, { tls: { caFile: files.caFile } }, 'reflection')).exchange.grpc?.status?.code).toBe(0);
    const untrusted = await call(tls.url, {});
    expect(untrusted.exchange.grpc?.status?.code).toBe(14);
    expect(untrusted.exchange.response.status).toBe(0);
  });

  it('skips verification when the TLS settings say verify: false', async () => {
    expect((await call(tls.url, { tls: { verify: false } })).exchange.grpc?.status?.code).toBe(0);
  });

  it('presents the client certificate to an mTLS server, which refuses a call without one', async () => {
    expect((await call(mtls.url, { tls: { caFile: files.caFile, certFile: files.clientCertFile, keyFile: files.clientKeyFile } })).exchange.grpc?.status?.code).toBe(0);
    expect((await call(mtls.url, { tls: { caFile: files.caFile } })).exchange.grpc?.status?.code).toBe(14);
  });

  it('speaks plaintext to grpc:// even when TLS settings are present', async () => {
    const plain = await startGrpcServer();
    try {
      expect((await call(plain.url, { tls: { caFile: files.caFile } })).exchange.grpc?.status?.code).toBe(0);
    } finally {
      await plain.close();
    }
  });
});
