import { performance } from 'node:perf_hooks';
import type { Exchange } from '../shared/model';
import { createScriptEngine, memoryStore, type ScriptRequest, type VariableStores } from '../electron/engine/scripts';

import type { BenchFigure } from './measure';

const TYPICAL_TEST = `
pm.test('status is 200', () => pm.response.to.have.status(200));
pm.test('user has an id and a name', () => {
  const user = pm.response.json();
  pm.expect(user.id).to.be.a('number');
  pm.expect(user.name).to.equal('Ada');
  pm.expect(user.tags).to.include('admin');
});
pm.environment.set('userId', String(pm.response.json().id));
`;

function exchange(): Exchange {
  const body = JSON.stringify({ id: 7, name: 'Ada', tags: ['admin', 'ops'], address: { city: 'London' } });
  return {
    id: 'b', startedAt: new Date(0).toISOString(), request: { method: 'GET', url: 'http://127.0.0.1/users/7', headers: [], bodySize: 0 },
    response: { status: 200, statusText: 'OK', httpVersion: '1.1', headers: [['Content-Type', 'application/json']], body: { storage: 'inline', base64: Buffer.from(body).toString('base64') }, headersSize: 0, bodySizeCompressed: body.length, bodySizeDecoded: body.length, contentEncoding: [] },
    hops: [], timings: { dns: 0, connect: 0, tls: 0, firstByte: 1, download: 1, total: 2 }, authLog: [], warnings: [],
  };
}

/**
 * Per-execution cost of a typical test script (pm.test + pm.expect on JSON, one variable write)
 * over 1,000 runs after warm-up, plus the engine's start-up (from the sources it includes tsx
 * loading the worker's modules) and the first run
 * (which evaluates chai). Wall time per execution swings with the machine's load; the host
 * thread's busy time and the CPU of all threads are steadier.
 */
export async function benchScripts(): Promise<BenchFigure[]> {
  const t0 = performance.now();
  const engine = await createScriptEngine();
  const startup = performance.now() - t0;
  const variables: VariableStores = { globals: memoryStore(), collection: memoryStore(), environment: memoryStore(), runtime: memoryStore() };
  const request: ScriptRequest = { method: 'GET', url: '{{base}}/users/7', query: [], headers: [], body: { mode: 'none' } };
  const response = exchange();
  const run = (i: number) => engine.runTest({
    script: TYPICAL_TEST, scriptName: 'test script of request Get user', request, response, variables,
    info: { iteration: i, iterationCount: 1000, requestName: 'Get user', requestId: 'r' },
  });
  const t1 = performance.now();
  const first = await run(0);
  const firstMs = performance.now() - t1;
  if (first.error || first.assertions.some((a) => !a.passed)) throw new Error(`bench script failed: ${first.error?.message ?? JSON.stringify(first.assertions)}`);
  for (let i = 0; i < 100; i++) await run(i);
  const n = 1000;
  const t2 = performance.now();
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await run(i);
  const perRun = (performance.now() - t2) / n;
  // The host thread's own share: what a runner's requests and the app's IPC wait on per script
  // (scripts run on a worker thread; the host answers variable reads and posts the execution).
  const hostBusy = performance.eventLoopUtilization(elu0).active / n;
  const cpu = process.cpuUsage(cpu0);
  const cpuPerRun = (cpu.user + cpu.system) / 1000 / n;
  engine.dispose();

  // The same script on the caller's own thread, as `keyhole run` executes scripts (inline-host.ts).
  const inline = await createScriptEngine({ thread: 'inline' });
  const runInline = (i: number) => inline.runTest({
    script: TYPICAL_TEST, scriptName: 'test script of request Get user', request, response, variables,
    info: { iteration: i, iterationCount: 1000, requestName: 'Get user', requestId: 'r' },
  });
  for (let i = 0; i < 100; i++) await runInline(i);
  const t3 = performance.now();
  for (let i = 0; i < n; i++) await runInline(i);
  const perRunInline = (performance.now() - t3) / n;
  inline.dispose();
  return [
    { name: 'scripts: engine start (returns at once: the worker boots on its own thread)', value: round(startup), unit: 'ms' },
    { name: 'scripts: first test script (waits for the worker: WASM module, context, prelude; loads chai)', value: round(firstMs), unit: 'ms' },
    { name: 'scripts: typical test script, per execution (1,000 runs)', value: round(perRun, 3), unit: 'ms', target: '< 1', ok: perRun < 1 },
    { name: 'scripts: host thread busy, per execution', value: round(hostBusy, 3), unit: 'ms' },
    { name: 'scripts: CPU of all threads, per execution', value: round(cpuPerRun, 3), unit: 'ms' },
    { name: 'scripts: the same on the caller\'s thread (keyhole run), per execution', value: round(perRunInline, 3), unit: 'ms' },
  ];
}

const round = (v: number, d = 1): number => Math.round(v * 10 ** d) / 10 ** d;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchScripts()) console.log(`${r.name}: ${r.value} ${r.unit}${r.target === undefined ? '' : ` (target ${r.target})`}`);
}
