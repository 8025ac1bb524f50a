import { newQuickJSWASMModule, RELEASE_SYNC, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten';
import { namesBuiltins, type GlobalNames } from './builtin-names';
import { PRELUDE_SOURCE, wrapScript } from './prelude';
import { librarySource } from './vendor-loader';

/** What the sandbox may ask of the host during one execution; engine/execution.ts implements it. */
export interface HostCalls {
  vget(scope: string, key: string): string | undefined;
  vset(scope: string, key: string, value: string): void;
  vunset(scope: string, key: string): void;
  vhas(scope: string, key: string): boolean;
  vall(scope: string): string;
  vclear(scope: string): void;
  text(): string;
  send(id: number, specJson: string): void;
  timer(id: number, ms: number): void;
  untimer(id: number): void;
  random(size: number): string;
  next(name: string | null): void;
  skip(): void;
  dyn(name: string): string | undefined;
  jar(op: string, url: string, name: string, value: string): string | undefined;
}

/** A JavaScript error as it left the sandbox. */
export interface SandboxError {
  name: string;
  message: string;
  stack?: string | undefined;
}

/**
 * `crashed`: the WebAssembly itself threw (its native stack ran out under deep recursion), so the
 * whole module's memory is suspect: the engine drops the module, not only the context.
 */
export type SandboxOutcome<T> = { ok: true; value: T } | { ok: false; error: SandboxError; fatal: boolean; crashed?: boolean };

export interface SandboxLimits {
  memoryLimitBytes: number;
  stackSizeBytes: number;
  outputLimitBytes: number;
}

const DRIVER = ['begin', 'state', 'deliver', 'fire', 'finish', 'drain', 'restore', 'globals', 'preload'] as const;
type DriverName = (typeof DRIVER)[number];
const COMPILE_CACHE_MAX = 256;

/** Room for the prelude and the bundled libraries, on top of what scripts may allocate. */
const BASE_HEAP_BYTES = 32 * 1024 * 1024;

let warming: Promise<QuickJSWASMModule> | undefined;

/**
 * Starts loading QuickJS's WebAssembly for the next quickJsModule() call: V8 compiles it on its
 * own threads, so a caller that has other work first (`keyhole run` reading the collection) gets
 * the module without waiting for it.
 */
export function warmQuickJs(): void {
  if (warming) return;
  warming = newQuickJSWASMModule(RELEASE_SYNC);
  // A failure is the next quickJsModule() caller's to report.
  warming.catch(() => undefined);
}

/**
 * A WASM module per engine, its heap capped at the memory limit. QuickJS's own malloc limit is
 * blind in this build (emscripten has no malloc_usable_size, so it counts 8 bytes per allocation:
 * quickjs-emscripten#271): it refuses one huge allocation but not a million small ones. So the cap
 * sits where the heap grows: Emscripten's sbrk calls memory.grow() and treats a throw as "no more
 * memory", malloc returns NULL and QuickJS raises its ordinary, recoverable 'out of memory'.
 */
export async function quickJsModule(memoryLimitBytes: number): Promise<QuickJSWASMModule> {
  const pending = warming;
  warming = undefined;
  const module = await (pending ?? newQuickJSWASMModule(RELEASE_SYNC));
  const memory = module.getWasmMemory();
  const cap = memory.buffer.byteLength + BASE_HEAP_BYTES + memoryLimitBytes;
  const grow = WebAssembly.Memory.prototype.grow;
  Object.defineProperty(memory, 'grow', {
    value(this: WebAssembly.Memory, pages: number): number {
      if (this.buffer.byteLength + pages * 65536 > cap) throw new RangeError('the script memory limit is reached');
      return grow.call(this, pages);
    },
  });
  return module;
}

function guarded<T>(f: () => SandboxOutcome<T>): SandboxOutcome<T> {
  try {
    return f();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, fatal: true, crashed: true, error: { name: 'InternalError', message: /call stack/i.test(message) ? 'stack overflow' : message } };
  }
}

/**
 * One QuickJS runtime and context with the prelude and driver installed. It is reused across
 * executions (a fresh context per script costs more than the script: see bench/scripts.ts); each
 * execution gets new pm objects and the prelude's guard restores the built-ins afterwards. After a
 * fatal failure (time limit, out of memory) or a guard that cannot restore, the engine disposes it
 * and builds another.
 */
export class Sandbox {
  private readonly compiled = new Map<string, QuickJSHandle>();
  private readonly risky = new Map<string, boolean>();
  private readonly preloaded = new Set<string>();
  private handingLibraries = false;
  private readonly globalNames: GlobalNames;
  private readonly driver: Record<DriverName, QuickJSHandle>;
  private readonly hostObject: QuickJSHandle;
  /** The execution being served; host functions called outside one fail. */
  current: HostCalls | undefined;
  /** performance.now() past which the interrupt handler stops the JavaScript running. */
  deadline = Number.POSITIVE_INFINITY;
  private constructor(private readonly rt: QuickJSRuntime, readonly ctx: QuickJSContext, limits: SandboxLimits) {
    rt.setInterruptHandler(() => performance.now() > this.deadline);
    this.hostObject = this.installHost();
    const prelude = ctx.unwrapResult(ctx.evalCode(PRELUDE_SOURCE, 'keyhole:prelude'));
    const limit = ctx.newNumber(limits.outputLimitBytes);
    const driver = ctx.unwrapResult(ctx.callFunction(prelude, ctx.undefined, this.hostObject, limit));
    limit.dispose();
    prelude.dispose();
    this.driver = Object.fromEntries(DRIVER.map((n) => [n, ctx.getProp(driver, n)])) as Record<DriverName, QuickJSHandle>;
    driver.dispose();
    const names = this.call('globals');
    this.globalNames = names.ok && names.value ? (JSON.parse(names.value) as GlobalNames) : { guarded: [], other: [] };
  }

  static create(module: QuickJSWASMModule, limits: SandboxLimits): Sandbox {
    const rt = module.newRuntime();
    rt.setMemoryLimit(limits.memoryLimitBytes);
    rt.setMaxStackSize(limits.stackSizeBytes);
    return new Sandbox(rt, rt.newContext(), limits);
  }

  /** Compiles a script once per source; a syntax error comes back as an outcome, not a throw. */
  compile(source: string): SandboxOutcome<QuickJSHandle> {
    return guarded(() => this.compileUnguarded(source));
  }

  private compileUnguarded(source: string): SandboxOutcome<QuickJSHandle> {
    const hit = this.compiled.get(source);
    if (hit) return { ok: true, value: hit };
    const r = this.ctx.evalCode(wrapScript(source), 'script');
    if (r.error) return this.failure(r.error);
    if (this.compiled.size >= COMPILE_CACHE_MAX) {
      const [oldest, handle] = this.compiled.entries().next().value as [string, QuickJSHandle];
      this.compiled.delete(oldest);
      handle.dispose();
    }
    this.compiled.set(source, r.value);
    return { ok: true, value: r.value };
  }

  /** Evaluates a bundled library before a script's clock starts; once per context (libraries stay loaded). */
  preload(name: string): void {
    if (this.preloaded.has(name)) return;
    // Libraries are handed over only here, before a script's clock starts: one a script reaches
    // only by a name built at run time fails the same way whatever this thread loaded before.
    this.handingLibraries = true;
    try {
      if (this.call('preload', name).ok) this.preloaded.add(name);
    } finally {
      this.handingLibraries = false;
    }
  }

  /** Whether the guard must compare built-in values after this script (builtin-names.ts); cached by source. */
  namesBuiltins(source: string): boolean {
    let r = this.risky.get(source);
    if (r === undefined) {
      if (this.risky.size >= COMPILE_CACHE_MAX) this.risky.clear();
      r = this.globalNames.guarded.length === 0 || namesBuiltins(source, this.globalNames);
      this.risky.set(source, r);
    }
    return r;
  }

  /** Calls a driver function with string/number arguments; returns its string result, if any. */
  call(name: DriverName, ...args: (QuickJSHandle | string | number | undefined)[]): SandboxOutcome<string | undefined> {
    return guarded(() => this.callUnguarded(name, args));
  }

  /** Calls a driver function with a fresh time limit of its own (finish, drain, the guard), then lifts it. */
  callWithin(limitMs: number, name: DriverName, ...args: (QuickJSHandle | string | number | undefined)[]): SandboxOutcome<string | undefined> {
    this.deadline = performance.now() + limitMs;
    try {
      return this.call(name, ...args);
    } finally {
      this.deadline = Number.POSITIVE_INFINITY;
    }
  }

  private callUnguarded(name: DriverName, args: (QuickJSHandle | string | number | undefined)[]): SandboxOutcome<string | undefined> {
    const owned: QuickJSHandle[] = [];
    const handles = args.map((a) => {
      if (a === undefined) return this.ctx.undefined;
      if (typeof a === 'string' || typeof a === 'number') {
        const h = typeof a === 'string' ? this.ctx.newString(a) : this.ctx.newNumber(a);
        owned.push(h);
        return h;
      }
      return a;
    });
    const r = this.ctx.callFunction(this.driver[name], this.ctx.undefined, ...handles);
    for (const h of owned) h.dispose();
    if (r.error) return this.failure(r.error);
    // Driver functions answer with a string or nothing (restore too: 'true'/'false').
    const value = this.ctx.typeof(r.value) === 'string' ? this.ctx.getString(r.value) : undefined;
    r.value.dispose();
    return { ok: true, value };
  }

  /** Whether promise jobs are queued: one call, cheaper than running an empty queue. */
  hasPendingJobs(): boolean {
    return this.rt.hasPendingJob();
  }

  /** Runs promise jobs (then-callbacks, async continuations) until none are left. */
  runJobs(): SandboxOutcome<undefined> {
    return guarded(() => {
      const r = this.rt.executePendingJobs();
      if (r.error) return this.failure(r.error);
      return { ok: true, value: undefined };
    });
  }

  private failure(handle: QuickJSHandle): { ok: false; error: SandboxError; fatal: boolean } {
    const dumped: unknown = this.ctx.dump(handle);
    handle.dispose();
    const error = toSandboxError(dumped);
    return { ok: false, error, fatal: isFatal(error) };
  }

  private installHost(): QuickJSHandle {
    const ctx = this.ctx;
    const obj = ctx.newObject();
    // The prelude passes strings where these expect them: getString is one call into QuickJS,
    // where dump serialized the value to JSON there and parsed it again here, for every argument.
    const str = (h: QuickJSHandle | undefined): string => (h === undefined ? '' : ctx.getString(h));
    const num = (h: QuickJSHandle | undefined): number => (h === undefined ? 0 : ctx.getNumber(h));
    const ret = (v: string | boolean | undefined): QuickJSHandle | undefined =>
      v === undefined ? undefined : typeof v === 'boolean' ? (v ? ctx.true : ctx.false) : ctx.newString(v);
    const calls = (): HostCalls => {
      if (!this.current) throw new Error('no script is running');
      return this.current;
    };
    const fns: Record<string, (...a: QuickJSHandle[]) => QuickJSHandle | undefined> = {
      vget: (s, k) => ret(calls().vget(str(s), str(k))),
      vset: (s, k, v) => void calls().vset(str(s), str(k), str(v)),
      vunset: (s, k) => void calls().vunset(str(s), str(k)),
      vhas: (s, k) => ret(calls().vhas(str(s), str(k))),
      vall: (s) => ret(calls().vall(str(s))),
      vclear: (s) => void calls().vclear(str(s)),
      text: () => ret(calls().text()),
      send: (id, spec) => void calls().send(num(id), str(spec)),
      timer: (id, ms) => void calls().timer(num(id), num(ms)),
      untimer: (id) => void calls().untimer(num(id)),
      random: (n) => ret(calls().random(num(n))),
      next: (n) => void calls().next(n === undefined || ctx.typeof(n) !== 'string' ? null : str(n)),
      skip: () => void calls().skip(),
      dyn: (n) => ret(calls().dyn(str(n))),
      jar: (op, url, name, value) => ret(calls().jar(str(op), str(url), str(name), str(value))),
      lib: (n) => ret(this.handingLibraries ? librarySource(str(n)) : undefined),
    };
    for (const [name, fn] of Object.entries(fns)) {
      const h = ctx.newFunction(name, (...args) => fn(...args));
      ctx.setProp(obj, name, h);
      h.dispose();
    }
    return obj;
  }

  dispose(): void {
    for (const h of this.compiled.values()) h.dispose();
    this.compiled.clear();
    for (const h of Object.values(this.driver)) h.dispose();
    this.hostObject.dispose();
    this.ctx.dispose();
    this.rt.dispose();
  }
}

function toSandboxError(v: unknown): SandboxError {
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return { name: typeof o.name === 'string' ? o.name : 'Error', message: typeof o.message === 'string' ? o.message : JSON.stringify(v), stack: typeof o.stack === 'string' ? o.stack : undefined };
  }
  return { name: 'Error', message: `thrown: ${String(v)}` };
}

/** Interrupts and exhausted memory leave the context in an unknown state: it is thrown away. */
export function isFatal(e: SandboxError): boolean {
  return e.name === 'InternalError' && (e.message === 'interrupted' || e.message === 'out of memory');
}
