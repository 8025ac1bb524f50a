import { resolve } from 'node:path';
import { KeyholeError } from '../../shared/errors';
import type { RequestSettings } from '../../shared/model';
import { parseShard, type Shard } from '../engine/runner';
import { parseVars } from './context';
import type { CliIO } from './io';
import { REPORTERS, type RunFlags } from './declarations';

/** `keyhole run`'s flags, Keyhole's and newman's names folded together and checked. */
export interface RunPlan {
  reporters: string[];
  out: { json: string; junit: string; html: string };
  /** Unset: one iteration, or one per data row. */
  iterations?: number | undefined;
  delayMs: number;
  bail: boolean | 'error';
  /** Whole-run limit; 0 for none. */
  timeoutMs: number;
  scriptTimeoutMs?: number | undefined;
  vars: Map<string, string>;
  envVars: Map<string, string>;
  globalVars: Map<string, string>;
  color: boolean;
  shard?: Shard | undefined;
  /** Transport settings from the command line, laid over the collection's own (folders and requests still win). */
  settings: RequestSettings;
  /** Values to mask although no variable holds them (the client key's passphrase). */
  secrets: string[];
}

function whole(flag: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < min) throw new KeyholeError('usage', `${flag} takes a whole number of at least ${min}, not "${v}"`);
  return n;
}

/** Two names for one option: giving both with different values is a usage error, not a guess. */
function either<T>(a: [string, T | undefined], b: [string, T | undefined]): T | undefined {
  if (a[1] !== undefined && b[1] !== undefined && a[1] !== b[1]) throw new KeyholeError('usage', `${a[0]} and ${b[0]} are the same option; give one`);
  return a[1] ?? b[1];
}

function bailOf(v: boolean | string | undefined): boolean | 'error' {
  if (v === undefined || v === false) return false;
  if (v === true) return true;
  const mods = v.split(',').map((m) => m.trim()).filter(Boolean);
  const bad = mods.filter((m) => m !== 'folder' && m !== 'failure');
  if (bad.length > 0) throw new KeyholeError('usage', `--bail takes folder, failure or both, not "${bad.join(',')}"`, { hint: 'Put the collection before --bail: keyhole run FILE --bail.' });
  return mods.includes('failure') || mods.length === 0 ? true : 'error';
}

function colorOf(v: string | undefined, io: CliIO): boolean {
  if (v === undefined || v === 'auto') return io.color;
  if (v === 'on') return true;
  if (v === 'off') return false;
  throw new KeyholeError('usage', `--color takes on, off or auto, not "${v}"`);
}

export function planRun(flags: RunFlags, io: CliIO): RunPlan {
  const list = either(['--reporter', flags.reporter], ['--reporters', flags.reporters]) ?? 'cli';
  const reporters = list.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = reporters.filter((r) => !REPORTERS.includes(r));
  if (unknown.length > 0) throw new KeyholeError('usage', `Unknown reporter ${unknown.join(', ')}`, { hint: `Reporters: ${REPORTERS.join(', ')}` });
  const requestMs = whole('--timeout-request', flags.timeoutRequest, 0);
  const scriptMs = whole('--timeout-script', flags.timeoutScript, 0);
  const abs = (p: string | undefined): string | undefined => (p === undefined ? undefined : resolve(io.cwd, p));
  const tls: NonNullable<RequestSettings['tls']> = {};
  if (flags.insecure) tls.verify = false;
  if (flags.sslClientCert) tls.certFile = abs(flags.sslClientCert);
  if (flags.sslClientKey) tls.keyFile = abs(flags.sslClientKey);
  if (flags.sslClientPassphrase !== undefined) tls.passphrase = flags.sslClientPassphrase;
  if (flags.sslExtraCaCerts) tls.caFile = abs(flags.sslExtraCaCerts);
  if ((tls.keyFile || tls.passphrase !== undefined) && !tls.certFile) throw new KeyholeError('usage', '--ssl-client-key and --ssl-client-passphrase need --ssl-client-cert');
  const settings: RequestSettings = {};
  if (Object.keys(tls).length > 0) settings.tls = tls;
  if (flags.ignoreRedirects) settings.followRedirects = false;
  // newman's request timeout is the whole exchange: the head and body limits must not end it sooner.
  if (requestMs) Object.assign(settings, { timeoutMs: requestMs, headersTimeoutMs: requestMs, bodyTimeoutMs: requestMs });
  return {
    reporters,
    out: {
      json: either(['--json-out', flags.jsonOut], ['--reporter-json-export', flags.reporterJsonExport]) ?? 'keyhole-report.json',
      junit: either(['--junit-out', flags.junitOut], ['--reporter-junit-export', flags.reporterJunitExport]) ?? 'keyhole-junit.xml',
      html: either(['--html-out', flags.htmlOut], ['--reporter-html-export', flags.reporterHtmlExport]) ?? 'keyhole-report.html',
    },
    iterations: whole('--iterations', either(['--iterations', flags.iterations], ['--iteration-count', flags.iterationCount]), 1),
    delayMs: whole('--delay', either(['--delay', flags.delay], ['--delay-request', flags.delayRequest]), 0) ?? 0,
    bail: bailOf(flags.bail),
    timeoutMs: whole('--timeout', flags.timeout, 0) ?? 0,
    scriptTimeoutMs: scriptMs || undefined,
    vars: parseVars(flags.var),
    envVars: parseVars(flags.envVar, '--env-var'),
    globalVars: parseVars(flags.globalVar, '--global-var'),
    color: colorOf(flags.color, io),
    shard: flags.shard === undefined ? undefined : parseShard(flags.shard),
    settings,
    secrets: flags.sslClientPassphrase ? [flags.sslClientPassphrase] : [],
  };
}

/** The command line's transport settings over the collection's: the collection level, so folders and requests that set their own keep them. */
export function withSettings<T extends { settings: RequestSettings }>(collection: T, over: RequestSettings): T {
  if (Object.keys(over).length === 0) return collection;
  const s = collection.settings;
  return { ...collection, settings: { ...s, ...over, ...(over.tls ? { tls: { ...s.tls, ...over.tls } } : {}) } };
}
