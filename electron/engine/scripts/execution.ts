import { randomBytes, randomUUID } from 'node:crypto';
import { toKeyholeError } from '../../../shared/errors';
import type { HeaderList } from '../../../shared/model';
import { dynamicValue } from '../../../shared/variables';
import type { PreparedRequest } from '../http/types';
import { exchangeMeta, exchangeText } from './response-view';
import type { HostCalls } from './sandbox';
import type { ScriptAssertion, ScriptLog, ScriptSend, VariableStore, VariableStores } from './types';

export type HostEvent =
  | { kind: 'timer'; id: number }
  | { kind: 'send'; id: number; error?: string | undefined; meta?: string | undefined };

export interface ExecutionInput {
  variables: VariableStores;
  iterationData: Record<string, unknown>;
  sendRequest?: ScriptSend | undefined;
  /** The response body for pm.response.text(); read on first use only. */
  responseText?: (() => string) | undefined;
  now: () => Date;
}

const LEVELS = new Set(['log', 'info', 'warn', 'error', 'debug']);

/**
 * The host side of one script execution: answers the sandbox's calls (variables, logs, test
 * results), runs its sendRequest and timer operations, and queues their completions for the
 * engine to deliver back into the sandbox between runs of JavaScript.
 */
export class Execution implements HostCalls {
  readonly logs: ScriptLog[] = [];
  readonly assertions: ScriptAssertion[] = [];
  nextRequest: string | null | undefined;
  skipped = false;
  private readonly events: HostEvent[] = [];
  private readonly inFlight = new Map<number, () => void>();
  private wake: (() => void) | undefined;
  private responseTextCache: string | undefined;

  constructor(private readonly input: ExecutionInput) {}

  /** Host operations (requests, timers) started and not yet completed or queued. */
  get busy(): boolean {
    return this.inFlight.size > 0 || this.events.length > 0;
  }

  takeEvents(): HostEvent[] {
    return this.events.splice(0, this.events.length);
  }

  /** Resolves true when an event is queued, false when `ms` passes first. */
  waitForEvent(ms: number): Promise<boolean> {
    if (this.events.length > 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.wake = undefined; resolve(false); }, Math.max(0, ms));
      this.wake = () => { clearTimeout(t); this.wake = undefined; resolve(true); };
    });
  }

  /** Stops timers and forgets requests still in flight (their results are dropped). */
  cancelAll(): void {
    for (const cancel of this.inFlight.values()) cancel();
    this.inFlight.clear();
    this.events.length = 0;
  }

  private push(e: HostEvent): void {
    if (!this.inFlight.delete(e.id)) return;
    this.events.push(e);
    this.wake?.();
  }

  log(level: string, text: string): void {
    this.logs.push({ level: (LEVELS.has(level) ? level : 'log') as ScriptLog['level'], message: text });
  }

  test(name: string, passed: boolean, message: string | undefined, skipped: boolean): void {
    this.assertions.push(skipped ? { name, passed, skipped: true } : { name, passed, ...(message === undefined ? {} : { message }) });
  }

  private store(scope: string): VariableStore | undefined {
    const v = this.input.variables;
    switch (scope) {
      case 'globals': return v.globals;
      case 'collection': return v.collection;
      case 'environment': return v.environment;
      case 'variables':
      case 'local': return v.runtime;
      default: return undefined;
    }
  }

  /** pm.variables reads through Postman's precedence: local, iteration data, environment, collection, globals. */
  vget(scope: string, key: string): string | undefined {
    if (scope !== 'variables') return this.store(scope)?.get(key);
    const v = this.input.variables;
    const local = v.runtime.get(key);
    if (local !== undefined) return local;
    const data = this.input.iterationData[key];
    if (data !== undefined) return typeof data === 'string' ? data : JSON.stringify(data);
    return v.environment.get(key) ?? v.collection.get(key) ?? v.globals.get(key);
  }

  vset(scope: string, key: string, value: string): void { this.store(scope)?.set(key, value); }
  vunset(scope: string, key: string): void { this.store(scope)?.unset(key); }
  vhas(scope: string, key: string): boolean { return this.vget(scope, key) !== undefined; }
  vclear(scope: string): void { if (scope !== 'variables') this.store(scope)?.clear(); }

  vall(scope: string): string {
    if (scope !== 'variables') return JSON.stringify(this.store(scope)?.toObject() ?? {});
    const v = this.input.variables;
    const data: Record<string, string> = {};
    for (const [k, d] of Object.entries(this.input.iterationData)) data[k] = typeof d === 'string' ? d : JSON.stringify(d);
    return JSON.stringify({ ...v.globals.toObject(), ...v.collection.toObject(), ...v.environment.toObject(), ...data, ...v.runtime.toObject() });
  }

  text(): string {
    if (!this.input.responseText) throw new Error('there is no response in a pre-request script');
    this.responseTextCache ??= this.input.responseText();
    return this.responseTextCache;
  }

  send(id: number, specJson: string): void {
    const send = this.input.sendRequest;
    if (!send) throw new Error('pm.sendRequest is not available here');
    const req = toPrepared(JSON.parse(specJson) as SendSpec);
    this.inFlight.set(id, () => undefined);
    send(req).then(
      (exchange) => this.push({ kind: 'send', id, meta: JSON.stringify({ ...exchangeMeta(exchange), text: exchangeText(exchange) }) }),
      (e: unknown) => this.push({ kind: 'send', id, error: toKeyholeError(e).message }),
    ).catch((e: unknown) => this.push({ kind: 'send', id, error: toKeyholeError(e).message }));
  }

  timer(id: number, ms: number): void {
    const t = setTimeout(() => this.push({ kind: 'timer', id }), ms);
    this.inFlight.set(id, () => clearTimeout(t));
  }

  untimer(id: number): void {
    this.inFlight.get(id)?.();
    this.inFlight.delete(id);
  }

  random(size: number): string { return randomBytes(Math.min(Math.max(0, size), 65536)).toString('hex'); }
  next(name: string | null): void { this.nextRequest = name; }
  skip(): void { this.skipped = true; }
  dyn(name: string): string | undefined { return dynamicValue(name, { now: this.input.now, random: Math.random, uuid: randomUUID }); }
}

interface SendSpec {
  method: string;
  url: string;
  headers: HeaderList;
  body: { text: string; language?: string } | { form: [string, string][] } | null;
}

/** pm.sendRequest's request as the engine's transport takes it; nothing is resolved or added. */
function toPrepared(spec: SendSpec): PreparedRequest {
  const headers = [...spec.headers];
  const has = (n: string): boolean => headers.some(([k]) => k.toLowerCase() === n);
  let data: Uint8Array | undefined;
  if (spec.body && 'text' in spec.body) {
    data = new TextEncoder().encode(spec.body.text);
    if (spec.body.language === 'json' && !has('content-type')) headers.push(['Content-Type', 'application/json']);
  } else if (spec.body && 'form' in spec.body) {
    data = new TextEncoder().encode(new URLSearchParams(spec.body.form).toString());
    if (!has('content-type')) headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
  }
  return {
    method: spec.method, url: spec.url, headers,
    body: data ? { kind: 'bytes', data } : { kind: 'none' },
    credentialHeaders: ['authorization', 'proxy-authorization', 'cookie'], credentialQuery: [],
  };
}
