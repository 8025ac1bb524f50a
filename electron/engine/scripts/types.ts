import type { Body, Exchange, KeyValue } from '../../../shared/model';
import type { JarCookie, ScriptJar } from '../http/cookies';
import type { PreparedRequest } from '../http/types';

export type { JarCookie, ScriptJar };

/** Limits applied to every script execution; defaults in engine.ts. */
export interface ScriptLimits {
  /** Heap of the sandbox's QuickJS runtime (libraries included). */
  memoryLimitBytes?: number | undefined;
  /** Time the script may spend running JavaScript (interrupted past it), summed over its callbacks. */
  timeLimitMs?: number | undefined;
  /** Wall time a script may wait for its sendRequest responses, timers and async tests to finish. */
  asyncTimeoutMs?: number | undefined;
  /** Bytes of console output kept per script; the rest is dropped with a note. */
  outputLimitBytes?: number | undefined;
  /** Native stack of the sandbox, so deep recursion is a RangeError rather than a crash. */
  stackSizeBytes?: number | undefined;
}

/**
 * One variable scope as a script sees it; writes go straight to the host's store. Values keep the
 * type the script gave them (pm.environment.set('n', 42) reads back 42), as in Postman; `get` is
 * the text a {{reference}} gives.
 */
export interface VariableStore {
  get(key: string): string | undefined;
  /** The value with its type: the text, or what a script set (a number, an object...). */
  value(key: string): unknown;
  set(key: string, value: unknown): void;
  unset(key: string): void;
  has(key: string): boolean;
  /** Every value with its type. */
  toObject(): Record<string, unknown>;
  clear(): void;
}

/** pm.globals, pm.collectionVariables, pm.environment and the local scope behind pm.variables.set. */
export interface VariableStores {
  globals: VariableStore;
  collection: VariableStore;
  environment: VariableStore;
  /** Postman's "local" scope: pm.variables.set writes here; it wins over every other scope. */
  runtime: VariableStore;
}

export interface ScriptInfo {
  iteration: number;
  iterationCount: number;
  requestName: string;
  requestId: string;
}

/** The editable part of a request in pre-request scripts: the stored fields, {{variables}} unresolved. */
export interface ScriptRequest {
  method: string;
  url: string;
  query: KeyValue[];
  headers: KeyValue[];
  body: Body;
  /** The item's description: the legacy `request.description`. */
  description?: string | undefined;
}

/** pm.sendRequest's bridge into the engine: the request as built by the script, sent as is. */
export type ScriptSend = (req: PreparedRequest) => Promise<Exchange>;

export interface ScriptLog {
  level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  /** Unmasked: the caller redacts secrets (shared/mask.ts) before showing or storing it. */
  message: string;
}

export interface ScriptAssertion {
  name: string;
  passed: boolean;
  message?: string | undefined;
  /** pm.test.skip: reported, neither passed nor failed. */
  skipped?: boolean | undefined;
}

interface RunInputBase {
  script: string;
  /** Names the script in errors: "pre-request script of request Get user". */
  scriptName: string;
  variables: VariableStores;
  info: ScriptInfo;
  iterationData?: Record<string, unknown> | undefined;
  /** Absent: pm.sendRequest fails with a script error saying sending is not available here. */
  sendRequest?: ScriptSend | undefined;
  /** The run's cookie jar: pm.cookies lists its cookies for the request, pm.cookies.jar() edits it. */
  cookieJar?: ScriptJar | undefined;
}

export interface PreRequestInput extends RunInputBase {
  request: ScriptRequest;
}

export interface TestInput extends RunInputBase {
  /** The request as stored (with the fields the pre-request script changed). */
  request: ScriptRequest;
  /** Absent when the request could not be sent: the scripts see an empty response, as in Postman. */
  response?: Exchange | undefined;
  /** Decoded body text; read from the exchange (inline or file) when absent. */
  responseText?: string | undefined;
  /** Cookies for the request URL; from cookieJar, else parsed from the response's Set-Cookie headers. */
  cookies?: JarCookie[] | undefined;
}

interface RunResultBase {
  /** pm.execution.setNextRequest / postman.setNextRequest; null stops the run. */
  nextRequest?: string | null | undefined;
  /** pm.test results and tests[...] entries, in the order they completed. */
  assertions: ScriptAssertion[];
  logs: ScriptLog[];
  /** The script threw, timed out or ran out of memory (code 'script-failed'). */
  error?: import('../../../shared/errors').KeyholeError | undefined;
}

export interface PreRequestResult extends RunResultBase {
  request: ScriptRequest;
  /** pm.execution.skipRequest(): do not send this request. */
  skip: boolean;
}

export type TestResult = RunResultBase;

export interface ScriptEngine {
  runPreRequest(input: PreRequestInput): Promise<PreRequestResult>;
  runTest(input: TestInput): Promise<TestResult>;
  /**
   * Resolves once QuickJS is up and the libraries these scripts use are evaluated, so a run can
   * start its first request with the engine ready rather than have that request wait for it.
   */
  ready(scripts: readonly string[]): Promise<void>;
  dispose(): void;
}
