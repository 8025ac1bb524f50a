// One side of the engine benchmark, in its own process: `keyhole` runs a generated collection
// through the runner and the whole engine; `bare` sends the same requests with a plain undici loop.
import { Agent, request } from 'undici';
import { Collection } from '../shared/model';
import { openSession } from '../electron/engine/session';
import { runCollection, scriptedExecutor } from '../electron/engine/runner';
import type { SecretStore } from '../electron/engine/secrets/types';
import { reportChild } from './measure';
import { tmpdir } from 'node:os';

const [mode, base, countArg, warmupArg] = process.argv.slice(2);
const count = Number(countArg ?? 1000);
/** Requests sent before the clock starts: lazy imports, the first connection and V8's tiering. */
const WARMUP = Number(warmupArg ?? 20);
if (!base || (mode !== 'keyhole' && mode !== 'bare')) throw new Error('usage: engine-worker.ts keyhole|bare BASE_URL COUNT [WARMUP]');

/** The request mix both sides send: a GET, a JSON POST, a Basic-protected GET, an API-key GET. */
export function mix(i: number, url: string) {
  switch (i % 4) {
    case 0: return { method: 'GET', url: `${url}/health`, headers: {} as Record<string, string>, body: undefined as string | undefined };
    case 1: return { method: 'POST', url: `${url}/echo`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ i, name: 'bench' }) };
    case 2: return { method: 'GET', url: `${url}/basic/protected`, headers: { authorization: `Basic ${Buffer.from('demo:demo-password').toString('base64')}` }, body: undefined };
    default: return { method: 'GET', url: `${url}/apikey/items`, headers: { 'x-api-key': 'demo-api-key-0123456789' }, body: undefined };
  }
}

async function bare(): Promise<{ ok: number }> {
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  let ok = 0;
  for (let i = -WARMUP; i < count; i++) {
    if (i === 0) { t0 = performance.now(); cpu0 = process.cpuUsage(); }
    const r = mix(i, base!);
    const res = await request(r.url, { method: r.method as 'GET', headers: r.headers, body: r.body, dispatcher: agent });
    await res.body.arrayBuffer();
    if (res.statusCode < 400 && i >= 0) ok++;
  }
  await agent.close();
  return { ok };
}

async function keyhole(): Promise<{ ok: number }> {
  const items = Array.from({ length: WARMUP + count }, (_, i) => {
    const r = mix(i, '{{baseUrl}}');
    const auth = i % 4 === 2 ? { type: 'basic', username: 'demo', password: '{{password}}' }
      : i % 4 === 3 ? { type: 'apikey', key: 'X-API-Key', value: '{{apiKey}}', in: 'header' } : { type: 'none' };
    return {
      kind: 'request', name: `r${i}`, method: r.method, url: r.url,
      body: r.body ? { mode: 'json', text: r.body } : { mode: 'none' }, auth,
    };
  });
  const collection = Collection.parse({
    name: 'bench',
    variables: [{ key: 'baseUrl', value: base }, { key: 'password', value: 'demo-password' }, { key: 'apiKey', value: 'demo-api-key-0123456789' }],
    items,
  });
  const secrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => '' };
  const session = await openSession({ collection, secrets, tempDir: tmpdir() });
  let ok = 0;
  let seen = 0;
  let failure = '';
  // One run of warm-up plus timed requests, clock started once the warm-up requests are reported,
  // as the bare loop starts its clock inside its one loop: lazy imports, the first connection and
  // JIT are start-up, not per-request cost.
  const execute = scriptedExecutor({ session, collection, iterationCount: 1 });
  if (WARMUP === 0) { t0 = performance.now(); cpu0 = process.cpuUsage(); }
  await runCollection({
    collection: { ...collection, items: collection.items.slice(0, WARMUP + count) },
    execute,
    reporters: [{ onRequest: (r) => {
      if (++seen === WARMUP) { t0 = performance.now(); cpu0 = process.cpuUsage(); }
      if (seen <= WARMUP) return;
      if (r.passed) ok++;
      else if (!failure) failure = JSON.stringify(r.error ?? r.assertions);
    } }],
  });
  if (failure) process.stderr.write(`first failure: ${failure}\n`);
  return { ok };
}

let t0 = performance.now();
let cpu0 = process.cpuUsage();
const { ok } = mode === 'bare' ? await bare() : await keyhole();
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
if (ok !== count) throw new Error(`${mode}: only ${ok} of ${count} requests passed`);
reportChild({ ms, cpuMs, ok });
process.exit(0);
