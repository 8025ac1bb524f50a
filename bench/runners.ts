// The same generated Postman v2.1 collection run by `keyhole run`, newman and
// Bruno's CLI, each in its own process, against one loopback server, with a bare undici loop as
// the floor. Run alone with `npx tsx bench/runners.ts`, or as `npm run bench runners`.
// Environment: BENCH_RUNNERS_N (default "1000,5000"), BENCH_RUNNERS_LARGE (responses in the large
// case, default 20; 0 skips it), BENCH_RUNNERS_LARGE_BYTES (default 5242880), BENCH_RUNNERS (which
// runners, default "bare,keyhole,newman,bruno"), BENCH_BRUNO_SANDBOX ("developer" by default: the
// "safe" QuickJS sandbox runs at ~10 requests/s, 9 minutes for 5,000), BENCH_ROUNDS (default 1;
// every runner once per round, in turn; the median run by wall time is kept), BENCH_SERVER_WARMUP
// (untimed requests that warm the server before the timed runs, default 5000; 0 skips it). Keyhole runs as users run it after `npm run build:cli`: the
// bench builds out/cli first and runs bin/keyhole.js with KEYHOLE_FROM_SOURCE=0, so a source saved
// mid-bench (by someone else in the same checkout) cannot switch it back to tsx half-way.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCli } from '../scripts/build-cli';
import type { BenchFigure } from './measure';
import { brunoVerdict, keyholeVerdict, newmanJsonVerdict, newmanJunitVerdict, type Verdict } from './runners-check';
import { largeCollection, mixedCollection } from './runners-collection';
import { BENCH_API_KEY, BENCH_TOKEN, BENCH_USER, startBenchServer, type BenchServer } from './runners-server';
import { measure, type Measured } from './runners-spawn';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = {
  keyhole: join(ROOT, 'bin', 'keyhole.js'),
  'keyhole-file': join(ROOT, 'bin', 'keyhole.js'),
  newman: join(ROOT, 'node_modules', 'newman', 'bin', 'newman.js'),
  bruno: join(ROOT, 'node_modules', '@usebruno', 'cli', 'bin', 'bru.js'),
  bare: join(ROOT, 'bench', 'runners-bare.ts'),
};
// keyhole runs the folder `keyhole import` wrote; keyhole-file runs the Postman file as it is.
const RUNNERS = ['bare', 'keyhole', 'keyhole-file', 'newman', 'bruno'] as const;
/** The built CLI, never the sources through tsx (see the header). */
const BUILT = { KEYHOLE_FROM_SOURCE: '0' };
const FROM_SOURCE = { KEYHOLE_FROM_SOURCE: '1' };
type Runner = (typeof RUNNERS)[number];
const isKeyhole = (r: Runner): boolean => r === 'keyhole' || r === 'keyhole-file';

interface Case { label: string; kind: 'mixed' | 'large'; n: number; bytes: number; file: string; keyholeDir: string; brunoDir: string }
interface Sample {
  m: Measured; verdict: Verdict; server: ReturnType<BenchServer['counts']>; ok: boolean; problem?: string | undefined;
  /** From the spawn to the server's first request: the runner's start-up. */
  startupMs: number;
}

const env = (k: string, d: string): string => process.env[k]?.trim() || d;

/** Writes the Postman file and what each runner reads: Keyhole through `keyhole import`, Bruno through its own converter. */
/** What `keyhole import` moved to the secret store from the bench collection (it names them when it runs). */
const IMPORTED_SECRETS = {
  KEYHOLE_SECRET_PASSWORD: BENCH_USER.password, KEYHOLE_SECRET_DIGEST_PASSWORD: BENCH_USER.password, KEYHOLE_SECRET_TOKEN: BENCH_TOKEN, KEYHOLE_SECRET_APIKEY: BENCH_API_KEY,
};

async function prepare(c: Case, text: string, runners: readonly Runner[]): Promise<void> {
  writeFileSync(c.file, text);
  if (runners.includes('keyhole')) {
    const m = await measure(process.execPath, [BIN.keyhole, 'import', c.file, '--out', c.keyholeDir], { cwd: ROOT, env: BUILT });
    if (m.code !== 0) throw new Error(`keyhole import failed: ${m.stderrTail}`);
  }
  if (runners.includes('bruno')) await brunoImport(c.file, c.brunoDir);
}

/**
 * Bruno's CLI imports only OpenAPI and WSDL (`bru import` 4.1.0), so the Postman file goes through
 * the converter its desktop app uses (@usebruno/converters) and the CLI's own collection writer.
 */
async function brunoImport(file: string, dir: string): Promise<void> {
  const require = createRequire(join(ROOT, 'package.json'));
  const { postmanToBruno } = require('@usebruno/converters') as { postmanToBruno: (c: unknown) => Promise<{ collection: unknown }> };
  const { createCollectionFromBrunoObject } = require('@usebruno/cli/src/utils/collection') as { createCollectionFromBrunoObject: (c: unknown, dir: string, o: { format: string }) => Promise<string> };
  const { readFileSync } = await import('node:fs');
  const { collection } = await postmanToBruno(JSON.parse(readFileSync(file, 'utf8')));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await createCollectionFromBrunoObject(collection, dir, { format: 'bru' });
}

async function runOnce(r: Runner, c: Case, server: BenchServer, work: string, sandbox: string): Promise<Sample> {
  const out = join(work, `${r}-${c.kind}-${c.n}.${r === 'newman' && c.kind === 'large' ? 'xml' : 'json'}`);
  rmSync(out, { force: true });
  server.reset();
  let m: Measured;
  let verdict: Verdict;
  switch (r) {
    case 'bare':
      m = await measure(process.execPath, ['--import', 'tsx', BIN.bare, new URL(server.url).origin, c.kind, String(c.n), String(c.bytes)], { cwd: ROOT });
      verdict = (() => {
        const line = JSON.parse(m.stdout.trim().split('\n').pop() || '{}') as { requests?: number; passed?: number };
        return { assertions: line.requests ?? 0, failed: (line.requests ?? 0) - (line.passed ?? 0), problem: line.requests === c.n ? undefined : 'no result line' };
      })();
      break;
    case 'keyhole':
      // `keyhole import` keeps the collection's credentials out of its files (issue 15 section 7):
      // the run is given them as a CI job would be, through KEYHOLE_SECRET_* variables.
      m = await measure(process.execPath, [BIN.keyhole, 'run', c.keyholeDir, '-r', 'json', '--json-out', out], { cwd: work, env: { ...BUILT, ...IMPORTED_SECRETS } });
      verdict = keyholeVerdict(out, c.n);
      break;
    case 'keyhole-file':
      // The Postman file run directly, imported in memory; its credentials are in the file.
      m = await measure(process.execPath, [BIN.keyhole, 'run', c.file, '-r', 'json', '--json-out', out], { cwd: work, env: BUILT });
      verdict = keyholeVerdict(out, c.n);
      break;
    case 'newman': {
      // newman's JSON reporter runs out of string length on large bodies (anchors.md): JUnit there.
      const rep = c.kind === 'large' ? ['-r', 'junit', '--reporter-junit-export', out] : ['-r', 'json', '--reporter-json-export', out];
      m = await measure(process.execPath, [BIN.newman, 'run', c.file, ...rep], { cwd: work });
      verdict = c.kind === 'large' ? newmanJunitVerdict(out, c.n) : newmanJsonVerdict(out, c.n);
      break;
    }
    case 'bruno':
      m = await measure(process.execPath, [BIN.bruno, 'run', '--sandbox', sandbox, '--reporter-json', out], { cwd: c.brunoDir });
      verdict = brunoVerdict(out, c.n);
      break;
  }
  const server_ = server.counts();
  const problem = m.signal ? `killed by ${m.signal}` : verdict.problem ?? (verdict.failed > 0 ? `${verdict.failed} assertions failed` : undefined)
    ?? (server_.ok !== c.n ? `server saw ${server_.ok} of ${c.n} successful responses` : undefined);
  rmSync(out, { force: true });
  return { m, verdict, server: server_, startupMs: server_.firstAt > 0 ? server_.firstAt - m.startedAt : NaN, ok: problem === undefined, problem: problem && m.code !== 0 && !verdict.assertions ? `${problem}; exit ${m.code}: ${m.stderrTail.trim().split('\n').slice(-3).join(' | ')}` : problem };
}

const median = (xs: Sample[]): Sample => [...xs].sort((a, b) => a.m.wallMs - b.m.wallMs)[Math.floor(xs.length / 2)] as Sample;
const rate = (s: Sample, n: number): number => (s.server.spanMs > 0 ? (n / s.server.spanMs) * 1000 : NaN);
const NAMES: Record<Runner, string> = { bare: 'bare undici loop (floor)', keyhole: 'keyhole run (folder)', 'keyhole-file': 'keyhole run (Postman file)', newman: 'newman 6.2.2', bruno: 'bru run 4.1.0' };

export async function benchRunners(): Promise<BenchFigure[]> {
  const ns = env('BENCH_RUNNERS_N', '1000,5000').split(',').map(Number).filter((x) => Number.isInteger(x) && x > 0);
  const largeCount = Number(env('BENCH_RUNNERS_LARGE', '20'));
  const largeBytes = Number(env('BENCH_RUNNERS_LARGE_BYTES', '5242880'));
  const rounds = Math.max(1, Number(env('BENCH_ROUNDS', '1')));
  const sandbox = env('BENCH_BRUNO_SANDBOX', 'developer');
  const wanted = env('BENCH_RUNNERS', RUNNERS.join(',')).split(',').map((s) => s.trim()) as Runner[];
  const skipped = new Map<Runner, string>();
  if (!existsSync(BIN.bruno)) skipped.set('bruno', '@usebruno/cli is not installed');
  const runners = RUNNERS.filter((r) => wanted.includes(r) && !skipped.has(r));

  if (runners.includes('keyhole') || runners.includes('keyhole-file')) {
    const built = await buildCli();
    process.stdout.write(`  keyhole CLI built from ${built.sources} sources into out/cli\n`);
  }
  const server = await startBenchServer();
  const work = mkdtempSync(join(tmpdir(), 'keyhole-bench-runners-'));
  const mk = (label: string, kind: Case['kind'], n: number, bytes: number): Case => ({
    label, kind, n, bytes, file: join(work, `${kind}-${n}.postman_collection.json`), keyholeDir: join(work, `keyhole-${kind}-${n}`), brunoDir: join(work, `bruno-${kind}-${n}`),
  });
  const results = new Map<string, Map<Runner, Sample>>();
  const log = (s: string) => process.stdout.write(s);
  try {
    // A warm-up on a small collection: caches (tsx's transforms, the OS's file cache) are start-up
    // every user pays once, and a runner that cannot pass here is reported and left out.
    const warm = mk('warm-up', 'mixed', 12, 0);
    await prepare(warm, mixedCollection(server.url, 12), runners);
    for (const r of [...runners]) {
      const s = await runOnce(r, warm, server, work, sandbox);
      if (!s.ok) { skipped.set(r, `fails the 12-request warm-up: ${s.problem}`); runners.splice(runners.indexOf(r), 1); }
    }
    // The server is the fixture, not a runner: its own JIT warm-up (V8 keeps optimizing Node's HTTP
    // server for thousands of requests) would otherwise be paid by whichever runner goes first.
    // An untimed bare loop brings it to the pace it keeps for the rest of the bench.
    const serverWarmUp = Number(env('BENCH_SERVER_WARMUP', '5000'));
    if (serverWarmUp > 0) {
      log(`  warming the server with ${serverWarmUp} requests (untimed)...`);
      const w = await measure(process.execPath, ['--import', 'tsx', BIN.bare, new URL(server.url).origin, 'mixed', String(serverWarmUp)], { cwd: ROOT });
      log(w.code === 0 ? ' done\n' : ` failed (exit ${w.code}): ${w.stderrTail}\n`);
    }
    // What Keyhole's CLI costs before its first request: built (what the runs below pay), and from
    // the sources through tsx (what a checkout without `npm run build:cli` pays).
    // The median of three: the start-up targets are figures above this one, on a noisy machine.
    const helps: Measured[] = [];
    for (let i = 0; i < 3 && runners.some(isKeyhole); i++) helps.push(await measure(process.execPath, [BIN.keyhole, '--help'], { cwd: work, env: BUILT }));
    const startup = helps.sort((a, b) => a.wallMs - b.wallMs)[1];
    const startupSource = runners.some(isKeyhole) ? await measure(process.execPath, [BIN.keyhole, '--help'], { cwd: work, env: FROM_SOURCE }) : undefined;
    const cases = [...ns.map((n) => mk(`N=${n}`, 'mixed', n, 0)), ...(largeCount > 0 ? [mk(`${largeCount} x ${(largeBytes / 1048576).toFixed(0)} MB`, 'large', largeCount, largeBytes)] : [])];
    for (const c of cases) {
      await prepare(c, c.kind === 'large' ? largeCollection(server.url, c.n, c.bytes) : mixedCollection(server.url, c.n), runners);
      // Round by round, every runner once per round: whatever drifts during a case (the server's
      // heap, the machine's load) falls on every runner alike, not on whichever ran its rounds last.
      const samples = new Map<Runner, Sample[]>(runners.map((r) => [r, []]));
      for (let i = 0; i < rounds; i++) {
        for (const r of runners) {
          log(`  ${c.label}: ${NAMES[r]} (round ${i + 1}/${rounds})...`);
          const s = await runOnce(r, c, server, work, sandbox);
          log(` ${(s.m.wallMs / 1000).toFixed(1)} s, ${Math.round(s.m.peakMb)} MB${s.ok ? '' : `, does not count: ${s.problem}`}\n`);
          samples.get(r)?.push(s);
        }
      }
      const byRunner = new Map<Runner, Sample>(runners.map((r) => [r, median(samples.get(r) ?? [])]));
      results.set(c.label, byRunner);
      rmSync(c.keyholeDir, { recursive: true, force: true });
      rmSync(c.brunoDir, { recursive: true, force: true });
    }
    log(table(cases, runners, results, skipped, sandbox, startup, startupSource));
    const figs = figures(ns, runners, results, skipped, startup);
    if (startup) figs.push({ name: 'keyhole CLI start-up alone (keyhole --help): peak memory', value: Math.round(startup.peakMb), unit: `MB, ${(startup.wallMs / 1000).toFixed(1)} s` });
    if (startupSource) figs.push({ name: 'the same from the sources (KEYHOLE_FROM_SOURCE=1, tsx)', value: Math.round(startupSource.peakMb), unit: `MB, ${(startupSource.wallMs / 1000).toFixed(1)} s` });
    return figs;
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

function table(cases: Case[], runners: Runner[], results: Map<string, Map<Runner, Sample>>, skipped: Map<Runner, string>, sandbox: string, startup: Measured | undefined, startupSource: Measured | undefined): string {
  const head = `${'case'.padEnd(14)}${'runner'.padEnd(28)}${'wall'.padStart(9)}${'start-up'.padStart(10)}${'run (server)'.padStart(14)}${'req/s'.padStart(9)}${'peak MB'.padStart(9)}  every check passed\n`;
  const lines = cases.flatMap((c) => runners.map((r) => {
    const s = results.get(c.label)?.get(r);
    if (!s) return '';
    return `${c.label.padEnd(14)}${NAMES[r].padEnd(28)}${`${(s.m.wallMs / 1000).toFixed(2)} s`.padStart(9)}${`${(s.startupMs / 1000).toFixed(2)} s`.padStart(10)}${`${(s.server.spanMs / 1000).toFixed(2)} s`.padStart(14)}`
      + `${Math.round(rate(s, c.n)).toString().padStart(9)}${Math.round(s.m.peakMb).toString().padStart(9)}  ${s.ok ? 'yes' : `NO: ${s.problem}`}\n`;
  }));
  const notes = [
    'wall: the whole process, start-up included; start-up: from the spawn to the first request the server saw; run (server): first request in to last response out, as the server saw it; req/s from the latter.',
    'peak MB: the largest maxRSS of the runner\'s Node processes. Targets: keyhole\'s wall <= 1/10 of newman\'s and >= 10x its req/s, <= 1/2 its peak memory, flat from 1,000 to 5,000, within 3x of the bare loop; start-up at 1,000 requests <= 0.5 s above keyhole --help\'s.',
    ...(startup ? [`keyhole's built CLI alone (keyhole --help, median of 3) peaks at ${Math.round(startup.peakMb)} MB in ${(startup.wallMs / 1000).toFixed(2)} s: that much of its peak and wall time is start-up, not the run.`] : []),
    ...(startupSource ? [`from the sources through tsx (no npm run build:cli) it peaks at ${Math.round(startupSource.peakMb)} MB in ${(startupSource.wallMs / 1000).toFixed(1)} s.`] : []),
    ...growth(cases, runners, results),
    ...(runners.includes('bruno') ? [`bru runs with --sandbox ${sandbox}, on the collection converted by @usebruno/converters (bru import reads only OpenAPI and WSDL).`] : []),
    ...[...skipped].map(([r, why]) => `${NAMES[r]} not measured: ${why}`),
  ];
  return `\n${head}${lines.join('')}\n${notes.map((n) => `  ${n}`).join('\n')}\n`;
}

/** Peak memory added between the smallest and the largest mixed run, per runner: growth with the run. */
function growth(cases: Case[], runners: Runner[], results: Map<string, Map<Runner, Sample>>): string[] {
  const mixed = cases.filter((c) => c.kind === 'mixed').sort((a, b) => a.n - b.n);
  const [lo, hi] = [mixed[0], mixed[mixed.length - 1]];
  if (!lo || !hi || lo === hi) return [];
  const parts = runners.flatMap((r) => {
    const a = results.get(lo.label)?.get(r);
    const b = results.get(hi.label)?.get(r);
    return a && b ? [`${NAMES[r]} +${Math.round(b.m.peakMb - a.m.peakMb)} MB`] : [];
  });
  return [`peak memory added from ${lo.label} to ${hi.label}: ${parts.join(', ')}.`];
}

function figures(ns: number[], runners: Runner[], results: Map<string, Map<Runner, Sample>>, skipped: Map<Runner, string>, help: Measured | undefined): BenchFigure[] {
  const out: BenchFigure[] = [];
  const at = (label: string, r: Runner) => results.get(label)?.get(r);
  for (const [label, byRunner] of results) {
    for (const [r, s] of byRunner) out.push({ name: `${label}: ${NAMES[r]} every check passed`, value: s.ok ? 1 : 0, unit: s.ok ? 'yes' : `no (${s.problem})`, ok: isKeyhole(r) || r === 'bare' ? s.ok : undefined });
  }
  for (const n of ns) {
    const k = at(`N=${n}`, 'keyhole');
    const nm = at(`N=${n}`, 'newman');
    const bare = at(`N=${n}`, 'bare');
    if (k && nm) {
      const speed = rate(k, n) / rate(nm, n);
      out.push({ name: `N=${n}: keyhole req/s / newman req/s`, value: Number(speed.toFixed(1)), unit: 'x', target: '>= 10', ok: k.ok && nm.ok && speed >= 10 });
      const mem = k.m.peakMb / nm.m.peakMb;
      out.push({ name: `N=${n}: keyhole peak memory / newman's`, value: Number(mem.toFixed(2)), unit: 'x', target: '<= 0.5', ok: mem <= 0.5 });
    }
    for (const r of ['keyhole', 'keyhole-file'] as const) {
      const kr = at(`N=${n}`, r);
      if (!kr || !nm) continue;
      const wall = kr.m.wallMs / nm.m.wallMs;
      out.push({ name: `N=${n}: ${NAMES[r]} wall / newman's (start-up included)`, value: Number(wall.toFixed(3)), unit: `x (${(kr.m.wallMs / 1000).toFixed(2)} s / ${(nm.m.wallMs / 1000).toFixed(2)} s)`, target: '<= 0.1', ok: kr.ok && nm.ok && wall <= 0.1 });
    }
    if (k && bare) {
      const slow = bare.server.spanMs > 0 ? k.server.spanMs / bare.server.spanMs : NaN;
      out.push({ name: `N=${n}: keyhole run time / bare loop's`, value: Number(slow.toFixed(2)), unit: 'x', target: '<= 3', ok: slow <= 3 });
    }
  }
  // Start-up is judged on the 1,000-request collection (the smallest case when there is none).
  const startN = ns.includes(1000) ? 1000 : Math.min(...ns);
  for (const r of ['keyhole', 'keyhole-file'] as const) {
    const s = at(`N=${startN}`, r);
    if (!s || !help) continue;
    const above = (s.startupMs - help.wallMs) / 1000;
    out.push({ name: `N=${startN}: ${NAMES[r]} start-up above keyhole --help's`, value: Number(above.toFixed(2)), unit: `s (${(s.startupMs / 1000).toFixed(2)} s to the first request, --help ${(help.wallMs / 1000).toFixed(2)} s)`, target: '<= 0.5 s', ok: above <= 0.5 });
  }
  const [lo, hi] = [Math.min(...ns), Math.max(...ns)];
  const kLo = at(`N=${lo}`, 'keyhole');
  const kHi = at(`N=${hi}`, 'keyhole');
  if (kLo && kHi && hi > lo) {
    const growth = kHi.m.peakMb / kLo.m.peakMb;
    out.push({ name: `keyhole peak memory N=${hi} / N=${lo}`, value: Number(growth.toFixed(2)), unit: 'x', target: '<= 1.2 (flat)', ok: growth <= 1.2 });
  }
  for (const [r, why] of skipped) out.push({ name: `${NAMES[r]} not measured`, value: 0, unit: why });
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figs = await benchRunners();
  let missed = 0;
  for (const f of figs) {
    if (f.ok === false) missed++;
    process.stdout.write(`${f.name.padEnd(58)} ${String(f.value).padStart(8)} ${f.unit}${f.target ? `  (target ${f.target})` : ''}${f.ok === undefined ? '' : f.ok ? '  ok' : '  MISSED'}\n`);
  }
  process.exit(missed > 0 ? 1 : 0);
}
