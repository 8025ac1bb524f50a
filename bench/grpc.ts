import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GREETER_PROTO, GRPC_PROTO_DIR } from '../test/servers/grpc';
import { bundleWorker, median, runChild, type BenchFigure, type ChildResult } from './measure';


async function grpcServer(): Promise<{ address: string; child: ChildProcess }> {
  const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
  const child = spawn(process.execPath, [tsx, fileURLToPath(new URL('./grpc-server.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  const address = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (c: Buffer) => resolve(c.toString('utf8').trim()));
    child.once('exit', (code) => reject(new Error(`gRPC server exited ${code}`)));
  });
  return { address, child };
}

// Both loops run bundled on plain Node (bundleWorker), each round in a process of its own, as the
// engine ships and as bench/engine.ts runs its loops: under tsx the engine's every function is
// wrapped to keep its name, a cost no user pays.

/** Issue 19's gRPC target: unary calls through the engine vs a bare @grpc/grpc-js client loop, same server, same run. */
export async function benchGrpc(n = Number(process.env.BENCH_GRPC_N ?? 2_000), rounds = Number(process.env.BENCH_ROUNDS ?? 5)): Promise<BenchFigure[]> {
  const [{ address, child }, bundled] = await Promise.all([grpcServer(), bundleWorker('grpc-worker')]);
  const dir = mkdtempSync(join(tmpdir(), 'keyhole-bench-grpc-'));
  cpSync(GRPC_PROTO_DIR, join(dir, 'protos'), { recursive: true });
  // Untimed calls in each process first (BENCH_GRPC_WARMUP): the ratio is about the steady cost per call.
  const warm = String(Number(process.env.BENCH_GRPC_WARMUP ?? 2_000));
  const side = (mode: 'bare' | 'keyhole'): Promise<ChildResult> => runChild(bundled.file, [mode, address, String(n), warm, GREETER_PROTO, GRPC_PROTO_DIR, dir]);
  try {
    const bare: number[] = [];
    const keyhole: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const b = n / ((await side('bare')).ms / 1000);
      const k = n / ((await side('keyhole')).ms / 1000);
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
    bundled.dispose();
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
