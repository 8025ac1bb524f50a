import { randomBytes } from 'node:crypto';
import type { HostCalls } from './sandbox';
import type { ScriptAssertion, ScriptLog } from './types';

export type HostEvent =
  | { kind: 'timer'; id: number }
  | { kind: 'send'; id: number; error?: string | undefined; meta?: string | undefined };

/**
 * What an execution asks of the host thread: the variable stores, the response body, dynamic
 * variables and pm.sendRequest. In the script worker these are messages to the host
 * (worker/bridge.ts); the answers come from host-calls.ts.
 */
export interface HostBridge {
  vget(scope: string, key: string): string | undefined;
  vset(scope: string, key: string, value: string): void;
  vunset(scope: string, key: string): void;
  vhas(scope: string, key: string): boolean;
  vall(scope: string): string;
  vclear(scope: string): void;
  /** The response body; throws in a pre-request script. */
  text(): string;
  dyn(name: string): string | undefined;
  jar(op: string, url: string, name: string, value: string): string | undefined;
  /** Sends pm.sendRequest's spec; resolves with the response's meta and text as JSON, rejects with the error's message. Absent: not available here. */
  send?: ((specJson: string) => Promise<string>) | undefined;
}

const LEVELS = new Set(['log', 'info', 'warn', 'error', 'debug']);

/**
 * The sandbox's side of one script execution: collects logs, test results and the run's
 * decisions, passes variable reads and writes to the host, runs timers and sendRequest operations,
 * and queues their completions for the drive loop to deliver back into the sandbox between runs
 * of JavaScript.
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

  constructor(private readonly host: HostBridge) {}

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

  /**
   * Takes what the script gathered (the prelude's finish or drain): [assertions, console lines],
   * an assertion [name, flags (1 passed, 2 skipped), message?], a line [level, text]. Anything
   * else is not the prelude's doing (a script redefined what JSON.stringify consults): an error.
   */
  absorb(json: string): void {
    const [tests, lines] = JSON.parse(json) as unknown[];
    if (!Array.isArray(tests) || !Array.isArray(lines)) throw new Error('the script\'s results could not be read');
    for (const t of tests as unknown[]) {
      if (!Array.isArray(t) || typeof t[0] !== 'string' || typeof t[1] !== 'number' || (t[2] !== undefined && typeof t[2] !== 'string')) throw new Error('the script\'s results could not be read');
      const name = t[0];
      const flags = t[1];
      const message = t[2] as string | undefined;
      this.assertions.push((flags & 2) === 2 ? { name, passed: (flags & 1) === 1, skipped: true } : message === undefined ? { name, passed: (flags & 1) === 1 } : { name, passed: (flags & 1) === 1, message });
    }
    for (const l of lines as unknown[]) {
      if (!Array.isArray(l) || typeof l[0] !== 'string' || typeof l[1] !== 'string') throw new Error('the script\'s results could not be read');
      this.logs.push({ level: (LEVELS.has(l[0]) ? l[0] : 'log') as ScriptLog['level'], message: l[1] });
    }
  }

  vget(scope: string, key: string): string | undefined { return this.host.vget(scope, key); }
  vset(scope: string, key: string, value: string): void { this.host.vset(scope, key, value); }
  vunset(scope: string, key: string): void { this.host.vunset(scope, key); }
  vhas(scope: string, key: string): boolean { return this.host.vhas(scope, key); }
  vclear(scope: string): void { this.host.vclear(scope); }
  vall(scope: string): string { return this.host.vall(scope); }

  text(): string {
    this.responseTextCache ??= this.host.text();
    return this.responseTextCache;
  }

  send(id: number, specJson: string): void {
    const send = this.host.send;
    if (!send) throw new Error('pm.sendRequest is not available here');
    this.inFlight.set(id, () => undefined);
    send(specJson).then(
      (meta) => this.push({ kind: 'send', id, meta }),
      (e: unknown) => this.push({ kind: 'send', id, error: e instanceof Error ? e.message : String(e) }),
    );
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
  dyn(name: string): string | undefined { return this.host.dyn(name); }
  jar(op: string, url: string, name: string, value: string): string | undefined { return this.host.jar(op, url, name, value); }
}
