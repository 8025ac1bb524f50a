// One side of the gRPC bench in its own process, bundled and run on plain Node as the engine ships
// (bench/grpc.ts builds it): `bare` calls SayHello with a @grpc/grpc-js client made from
// proto-loader's stub; `keyhole` plays a saved gRPC request through Keyhole's engine. Each sends
// WARM untimed calls, then N timed ones, one after the other, and prints the time taken.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSession } from '../electron/engine/session';
import { Collection, GrpcRequest } from '../shared/model';
import { reportChild } from './measure';

const [mode, address, nArg, warmArg, protoFile, protoDir, collectionDir] = process.argv.slice(2);
const n = Number(nArg);
const warm = Number(warmArg);
if ((mode !== 'bare' && mode !== 'keyhole') || !address || !Number.isInteger(n) || !protoFile || !protoDir || !collectionDir) {
  throw new Error('usage: grpc-worker bare|keyhole ADDRESS N WARM PROTO_FILE PROTO_DIR COLLECTION_DIR');
}

type Greeter = grpc.Client & { SayHello(req: { name: string }, cb: (e: grpc.ServiceError | null, r?: { message: string }) => void): void };

/** Milliseconds for n calls with a bare @grpc/grpc-js client (proto-loader stub): call, wait, again. */
async function bare(): Promise<number> {
  const def = protoLoader.loadSync(protoFile as string, { includeDirs: [protoDir as string], keepCase: true, longs: String, enums: String, defaults: true });
  const pkg = grpc.loadPackageDefinition(def) as unknown as { keyhole: { greeter: { v1: { Greeter: new (a: string, c: grpc.ChannelCredentials) => Greeter } } } };
  const client = new pkg.keyhole.greeter.v1.Greeter(address as string, grpc.credentials.createInsecure());
  const call = (i: number): Promise<unknown> => new Promise((resolve, reject) => client.SayHello({ name: `n${i}` }, (e, r) => (e ? reject(e) : resolve(r))));
  for (let i = 0; i < warm; i++) await call(-i);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await call(i);
  const ms = performance.now() - t0;
  client.close();
  return ms;
}

/**
 * The same through Keyhole's engine, as `keyhole run` and the app play a gRPC request: variables
 * resolved in the URL, the metadata and the message, auth applied to the metadata, the .proto
 * definitions (cached per session), every message logged (and masked) both ways, the exchange
 * built and masked.
 */
async function keyhole(): Promise<number> {
  const collection = Collection.parse({ name: 'bench', variables: [{ key: 'server', value: `grpc://${address}` }, { key: 'who', value: 'bench' }], settings: { proxy: { mode: 'none' } } });
  const tempDir = mkdtempSync(join(tmpdir(), 'keyhole-bench-grpc-t-'));
  const session = await openSession({ collection, collectionDir, secrets: { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => '' }, tempDir, env: {} });
  const request = GrpcRequest.parse({
    kind: 'grpc', name: 'hello', url: '{{server}}', rpc: 'keyhole.greeter.v1.Greeter/SayHello',
    proto: { type: 'files', files: ['protos/keyhole/greeter/v1/greeter.proto'], importPaths: ['protos'] },
    headers: [{ key: 'x-trace', value: '{{who}}' }], messages: [{ name: 'm', text: '{"name":"{{who}}"}' }],
  });
  const once = async (i: number): Promise<void> => {
    const sent = await session.send(request);
    // What a run reports and the app shows is the masked exchange: it is part of every call.
    if (sent.masked.grpc?.status?.code !== 0) throw new Error(`call ${i} ended with ${sent.masked.grpc?.status?.name ?? 'no status'}`);
  };
  for (let i = 0; i < warm; i++) await once(-i);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await once(i);
  const ms = performance.now() - t0;
  await session.close();
  rmSync(tempDir, { recursive: true, force: true });
  return ms;
}

reportChild({ ms: mode === 'bare' ? await bare() : await keyhole() });
process.exit(0);
