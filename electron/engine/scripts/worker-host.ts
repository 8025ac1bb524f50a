import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { KeyholeError } from '../../../shared/errors';
import type { HostSide } from './host-calls';
import { prebuiltWorker } from './worker-bundle';
import type { ScriptLimits } from './types';
import type { HostToWorker, RunOutcome, RunRequest, SyncReply, WorkerInit, WorkerToHost } from './worker/protocol';

/** Built code carries the worker as script-worker.js beside its entry (scripts/build-cli.ts, electron.vite.config.ts). */
const BUILT_WORKER = 'script-worker.js';

const FROM_SOURCES = /\.[cm]?ts$/.test(import.meta.url);
/** The worker bundled from the sources, once prepare() has it. */
let bundled: URL | undefined;

/**
 * The worker's entry: run from the TypeScript sources, the worker bundled from them (worker-bundle.ts)
 * or, where it cannot be built, the sources through tsx; built code, the file beside this bundle or
 * its chunks folder.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  if (FROM_SOURCES) return bundled ?? new URL('./worker/bootstrap.mjs', here);
  for (const rel of [`./${BUILT_WORKER}`, `../${BUILT_WORKER}`]) {
    const url = new URL(rel, here);
    if (existsSync(url)) return url;
  }
  throw new KeyholeError('script-failed', `The script worker ${BUILT_WORKER} is missing beside ${fileURLToPath(here)}`, {
    hint: 'The build is incomplete: rebuild it (npm run build:cli for the CLI, npm run build for the app).',
  });
}

interface Current {
  exec: number;
  host: HostSide;
  resolve: (o: RunOutcome) => void;
}

/**
 * The host's handle on one script worker thread: starts it, hands it one execution at a time,
 * answers its calls from the execution's HostSide, and turns the worker's death into a script
 * error for the execution it was running (`dead` then tells the engine to start another).
 */
export class ScriptWorker {
  dead = false;
  private current: Current | undefined;
  private execs = 0;
  private deathReason = 'it stopped';

  private constructor(private readonly worker: Worker, private readonly replies: MessagePort, private readonly flag: Int32Array) {}

  /** Makes the worker's entry ready to start (from the sources: bundles it once); call before start(). */
  static async prepare(): Promise<void> {
    if (FROM_SOURCES) bundled = (await prebuiltWorker()) ?? bundled;
  }

  static start(limits: Required<ScriptLimits>, onStart?: (thread: Worker) => void): Promise<ScriptWorker> {
    let url: URL;
    try {
      url = workerUrl();
    } catch (e) {
      return Promise.reject(e as Error);
    }
    const { port1, port2 } = new MessageChannel();
    const flag = new SharedArrayBuffer(4);
    const init: WorkerInit = { limits, flag, replies: port2 };
    const worker = new Worker(url, { workerData: init, transferList: [port2] });
    const sw = new ScriptWorker(worker, port1, new Int32Array(flag));
    onStart?.(worker);
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.on('message', (m: WorkerToHost) => {
        if (m.t === 'ready') {
          ready = true;
          // Idle, the worker does not keep the process alive (a CLI run that never disposes still exits).
          worker.unref();
          resolve(sw);
        } else sw.onMessage(m);
      });
      worker.on('error', (e: Error) => {
        sw.deathReason = `${e.name}: ${e.message}`;
        if (!ready) reject(new KeyholeError('script-failed', `The script worker could not start: ${e.message}`, { hint: 'Scripts cannot run in this process; the requests themselves are unaffected.', cause: e }));
      });
      worker.on('exit', (code) => {
        sw.dead = true;
        if (!ready) reject(new KeyholeError('script-failed', `The script worker exited (code ${code}) before it was ready`, { hint: 'Scripts cannot run in this process; the requests themselves are unaffected.' }));
        sw.fail(`the script worker stopped (${sw.deathReason}, exit code ${code})`);
      });
    });
  }

  /** Runs one execution; never rejects: a dead worker is the execution's script error. */
  execute(req: Omit<RunRequest, 't' | 'exec'>, host: HostSide): Promise<RunOutcome> {
    if (this.dead) return Promise.resolve(workerFailure('the script worker is not running'));
    const exec = ++this.execs;
    return new Promise<RunOutcome>((resolve) => {
      this.current = { exec, host, resolve };
      this.worker.ref();
      this.post({ t: 'run', exec, ...req });
    });
  }

  terminate(): void {
    this.dead = true;
    this.fail('the script engine was disposed');
    void this.worker.terminate();
    this.replies.close();
  }

  private post(m: HostToWorker): void {
    this.worker.postMessage(m);
  }

  private fail(message: string): void {
    const c = this.current;
    this.current = undefined;
    c?.resolve(workerFailure(message));
  }

  private onMessage(m: WorkerToHost): void {
    const c = this.current;
    if (m.t === 'ready') return;
    if (!c || ('exec' in m && m.exec !== c.exec)) return;
    switch (m.t) {
      case 'call': {
        let reply: SyncReply;
        try {
          reply = { seq: m.seq, ok: true, value: answer(c.host, m.name, m.args) };
        } catch (e) {
          reply = { seq: m.seq, ok: false, message: e instanceof Error ? e.message : String(e) };
        }
        this.replies.postMessage(reply);
        Atomics.store(this.flag, 0, 1);
        Atomics.notify(this.flag, 0);
        return;
      }
      case 'post': {
        const [scope = '', key = '', value = ''] = m.args;
        if (m.name === 'vset') c.host.vset(scope, key, value);
        else if (m.name === 'vunset') c.host.vunset(scope, key);
        else c.host.vclear(scope);
        return;
      }
      case 'send': {
        const send = c.host.send;
        if (!send) return;
        send(m.spec).then(
          (meta) => { if (!this.dead) this.post({ t: 'sent', exec: m.exec, id: m.id, meta }); },
          (e: unknown) => { if (!this.dead) this.post({ t: 'sent', exec: m.exec, id: m.id, error: e instanceof Error ? e.message : String(e) }); },
        );
        return;
      }
      case 'done':
        this.current = undefined;
        this.worker.unref();
        c.resolve(m.outcome);
    }
  }
}

function answer(host: HostSide, name: string, args: string[]): string | boolean | undefined {
  const [a = '', b = '', c = '', d = ''] = args;
  switch (name) {
    case 'vget': return host.vget(a, b);
    case 'vhas': return host.vhas(a, b);
    case 'vall': return host.vall(a);
    case 'text': return host.text();
    case 'dyn': return host.dyn(a);
    case 'jar': return host.jar(a, b, c, d);
    default: throw new Error(`unknown host call ${name}`);
  }
}

function workerFailure(message: string): RunOutcome {
  return { assertions: [], logs: [], skip: false, cause: { kind: 'error', error: { name: 'InternalError', message } } };
}
