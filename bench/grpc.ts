import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { openSession } from '../electron/engine/session';
import { Collection, GrpcRequest } from '../shared/model';
import { GREETER_PROTO, GRPC_PROTO_DIR } from '../test/servers/grpc';
import { median, type BenchFigure } from './measure';

async function grpcServer(): Promise<{ address: string; child: ChildProcess }> {
  const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
  const child = spawn(process.execPath, [tsx, fileURLToPath(new URL('./grpc-server.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  const address = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (c: Buffer) => resolve(c.toString('utf8').trim()));
    child.once('exit', (code) => reject(new Error(`gRPC server exited ${code}`)));
  });
  return { address, child };
}

type Greeter = grpc.Client & { SayHello(req: { name: string }, cb: (e: grpc.ServiceError | null, r?: { message: string }) => void): void };

/** Unary calls per second with a bare @grpc/grpc-js client (proto-loader stub): call, wait, again. */
async function bareLoop(address: string, n: number): Promise<number> {
  const def = protoLoader.loadSync(GREETER_PROTO, { includeDirs: [GRPC_PROTO_DIR], keepCase: true, longs: String, enums: String, defaults: true });
  const pkg = grpc.loadPackageDefinition(def) as unknown as { keyhole: { greeter: { v1: { Greeter: new (a: string, c: grpc.ChannelCredentials) => Greeter } } } };
  const client = new pkg.keyhole.greeter.v1.Greeter(address, grpc.credentials.createInsecure());
  const call = (i: number): Promise<unknown> => new Promise((resolve, reject) => client.SayHello({ name: `n${i}` }, (e, r) => (e ? reject(e) : resolve(r))));
  await call(-1);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await call(i);
  const s = (performance.now() - t0) / 1000;
  client.close();
  return n / s;
}

/**
 * The same through Keyhole's engine, as `keyhole run` and the app play a gRPC request: variables
 * resolved in the URL and the message, auth applied to the metadata, the .proto definitions
 * (cached per session), every message logged (and masked) both ways, the exchange built.
 */
async function keyholeLoop(address: string, n: number, dir: string): Promise<number> {
  const collection = Collection.parse({ name: 'bench', variables: [{ key: 'server', value: `grpc://${address}` }, { key: 'who', value: 'bench' }], settings: { proxy: { mode: 'none' } } });
  const tempDir = mkdtempSync(join(tmpdir(), 'keyhole-bench-grpc-t-'));
  const session = await openSession({ collection, collectionDir: dir, secrets: { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => '' }, tempDir, env: {} });
  const request = GrpcRequest.parse({
    kind: 'grpc', name: 'hello', url: '{{server}}', rpc: 'keyhole.greeter.v1.Greeter/SayHello',
    proto: { type: 'files', files: ['protos/keyhole/greeter/v1/greeter.proto'], importPaths: ['protos'] },
    headers: [{ key: 'x-trace', value: '{{who}}' }], messages: [{ name: 'm', text: '{"name":"{{who}}"}' }],
  });
  await session.send(request);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const sent = await session.send(request);
    if (sent.exchange.grpc?.status?.code !== 0) throw new Error(`call ${i} ended with ${sent.exchange.grpc?.status?.name ?? 'no status'}`);
  }
  const s = (performance.now() - t0) / 1000;
  await session.close();
  rmSync(tempDir, { recursive: true, force: true });
  return n / s;
}

/** Issue 19's gRPC target: unary calls through the engine vs a bare @grpc/grpc-js client loop, same server, same run. */
export async function benchGrpc(n = Number(process.env.BENCH_GRPC_N ?? 2_000), rounds = Number(process.env.BENCH_ROUNDS ?? 5)): Promise<BenchFigure[]> {
  const { address, child } = await grpcServer();
  const dir = mkdtempSync(join(tmpdir(), 'keyhole-bench-grpc-'));
  cpSync(GRPC_PROTO_DIR, join(dir, 'protos'), { recursive: true });
  try {
    // Untimed warm-up on both sides: the ratio is about the steady cost per call.
    await bareLoop(address, 500);
    await keyholeLoop(address, 500, dir);
    const bare: number[] = [];
    const keyhole: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const b = await bareLoop(address, n);
      const k = await keyholeLoop(address, n, dir);
      bare.push(b);
      keyhole.push(k);
      ratios.push(b / k);
      // Each round's figures, so a median can be judged against its spread.
      process.stderr.write(`grpc round ${r + 1}/${rounds}: bare ${Math.round(b)} calls/s, Keyhole ${Math.round(k)} calls/s, ${(b / k).toFixed(2)}x\n`);
    }
    const ratio = median(ratios);
    return [
      { name: `gRPC unary, bare @grpc/grpc-js client, calls/s (median of ${rounds})`, value: Math.round(median(bare)), unit: 'calls/s' },
      { name: 'gRPC unary, through Keyhole\'s engine, calls/s', value: Math.round(median(keyhole)), unit: 'calls/s' },
      { name: 'gRPC unary, Keyhole slower than bare grpc-js by', value: Math.round(ratio * 100) / 100, unit: 'x', target: '<= 1.5x', ok: ratio <= 1.5 },
    ];
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/grpc.ts`: this bench alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await benchGrpc()) {
    process.stdout.write(`${f.name.padEnd(66)} ${String(f.value).padStart(10)} ${f.unit}${f.target ? `  (target ${f.target})` : ''}${f.ok === undefined ? '' : f.ok ? '  ok' : '  MISSED'}\n`);
  }
  process.exit(0);
}
