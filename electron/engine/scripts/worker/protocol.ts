import type { MessagePort } from 'node:worker_threads';
import type { FailureCause } from '../failure';
import type { ScriptAssertion, ScriptLimits, ScriptLog } from '../types';

/** What the worker is started with (workerData). */
export interface WorkerInit {
  limits: Required<ScriptLimits>;
  /** Int32Array[0]: set to 1 by the host when a synchronous answer waits on `replies`. */
  flag: SharedArrayBuffer;
  /** The host's answers to synchronous calls, and nothing else, so the worker can read them while blocked. */
  replies: MessagePort;
}

/** One script execution: the only message per execution from host to worker (plus sendRequest results). */
export interface RunRequest {
  t: 'run';
  exec: number;
  kind: 'prerequest' | 'test';
  script: string;
  ctxJson: string;
  /** The response body when the host already holds it in memory; otherwise the worker asks for it. */
  text?: string | undefined;
  canSend: boolean;
  /** The engine has no caller-supplied clock, so {{$timestamp}} and friends are computed in the worker. */
  dynInWorker: boolean;
  /** Libraries to evaluate before the script's clock starts, besides those it names (ScriptEngine.ready). */
  preload?: string[] | undefined;
}

export type HostToWorker =
  | RunRequest
  | { t: 'sent'; exec: number; id: number; meta?: string | undefined; error?: string | undefined };

/** What the worker sends back when an execution ends. */
export interface RunOutcome {
  assertions: ScriptAssertion[];
  logs: ScriptLog[];
  nextRequest?: string | null | undefined;
  skip: boolean;
  request?: string | undefined;
  cause?: FailureCause | undefined;
}

export type SyncCall = 'vget' | 'vhas' | 'vall' | 'text' | 'dyn' | 'jar';
export type PostedCall = 'vset' | 'vunset' | 'vclear';

export type WorkerToHost =
  | { t: 'ready' }
  | { t: 'call'; seq: number; name: SyncCall; args: string[] }
  | { t: 'post'; name: PostedCall; args: string[] }
  | { t: 'send'; exec: number; id: number; spec: string }
  | { t: 'done'; exec: number; outcome: RunOutcome };

export type SyncReply = { seq: number; ok: true; value: string | boolean | undefined } | { seq: number; ok: false; message: string };
