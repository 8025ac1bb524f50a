// The script worker: owns QuickJS, runs one execution per 'run' message and answers with one
// 'done' message, so a runaway script spends this thread's time, never the host's event loop.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { dynamicValue } from '../../../../shared/variables';
import type { HostBridge } from '../execution';
import type { HostToWorker, PostedCall, RunRequest, SyncCall, SyncReply, WorkerInit, WorkerToHost } from './protocol';
import { ScriptRunner } from './runner';
import { dynamicSources } from '../../variables/postman-random';

if (!parentPort) throw new Error('electron/engine/scripts/worker/entry.ts runs only as a worker thread');
const port = parentPort;
const init = workerData as WorkerInit;
const flag = new Int32Array(init.flag);
const post = (m: WorkerToHost): void => port.postMessage(m);

// A host that has not answered by then is gone or wedged; the script gets an error, not a hang.
const SYNC_WAIT_MS = 60_000;
let seq = 0;

/**
 * A call QuickJS needs answered before it continues: posted in order with the calls that need no
 * answer (so a vset is applied before the vget after it), then this thread blocks until the host
 * raises the flag, and reads the answer from the dedicated reply port.
 */
function callHost(name: SyncCall, args: string[]): string | boolean | undefined {
  const mine = ++seq;
  Atomics.store(flag, 0, 0);
  post({ t: 'call', seq: mine, name, args });
  const deadline = performance.now() + SYNC_WAIT_MS;
  for (;;) {
    const got = receiveMessageOnPort(init.replies) as { message: SyncReply } | undefined;
    if (got) {
      // An answer to an earlier call that timed out is dropped.
      if (got.message.seq !== mine) continue;
      if (!got.message.ok) throw new Error(got.message.message);
      return got.message.value;
    }
    const left = deadline - performance.now();
    if (left <= 0) throw new Error(`the host did not answer ${name} within ${SYNC_WAIT_MS} ms`);
    Atomics.wait(flag, 0, 0, left);
    Atomics.store(flag, 0, 0);
  }
}

const pendingSends = new Map<number, { resolve: (meta: string) => void; reject: (e: Error) => void }>();
let sendIds = 0;

function bridgeFor(req: RunRequest): HostBridge {
  const posted = (name: PostedCall, args: string[]): void => post({ t: 'post', name, args });
  return {
    vget: (s, k) => callHost('vget', [s, k]) as string | undefined,
    vhas: (s, k) => callHost('vhas', [s, k]) === true,
    vall: (s) => String(callHost('vall', [s])),
    vset: (s, k, v) => posted('vset', [s, k, v]),
    vunset: (s, k) => posted('vunset', [s, k]),
    vclear: (s) => posted('vclear', [s]),
    text: () => req.text ?? String(callHost('text', [])),
    jar: (op, url, name, value) => callHost('jar', [op, url, name, value]) as string | undefined,
    dyn: (n) => (req.dynInWorker ? dynamicValue(n, dynamicSources(() => new Date())) : callHost('dyn', [n]) as string | undefined),
    send: req.canSend
      ? (spec) => new Promise<string>((resolve, reject) => {
        const id = ++sendIds;
        pendingSends.set(id, { resolve, reject });
        post({ t: 'send', exec: req.exec, id, spec });
      })
      : undefined,
  };
}

const runner = await ScriptRunner.create(init.limits);
let queue: Promise<unknown> = Promise.resolve();

port.on('message', (m: HostToWorker) => {
  if (m.t === 'sent') {
    const p = pendingSends.get(m.id);
    pendingSends.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.meta ?? '{}');
    return;
  }
  queue = queue.then(async () => {
    const outcome = await runner.run(m, bridgeFor(m));
    // Requests still in flight belong to a finished execution: their results are dropped.
    pendingSends.clear();
    post({ t: 'done', exec: m.exec, outcome });
  });
});
post({ t: 'ready' });
