/**
 * `npm run fuzz`: the long run of the hardening checks that `npm test` runs briefly.
 *   - every fuzz target of test/hardening/fuzz-targets.ts, KEYHOLE_FUZZ_RUNS runs each (20,000);
 *   - the kill -9 loop of test/hardening/kill-loop.ts, KEYHOLE_KILL_ITERATIONS kills (300).
 * Prints the counts and exits non-zero on any crash, pollution or torn file.
 * `--only fuzz` or `--only kill` runs one half.
 */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { TARGETS, mustNotCrash, polluted, prototypeSnapshot } from '../test/hardening/fuzz-targets';
import { runKillLoop } from '../test/hardening/kill-loop';

const RUNS = Number(process.env.KEYHOLE_FUZZ_RUNS ?? 20_000);
const KILLS = Number(process.env.KEYHOLE_KILL_ITERATIONS ?? 300);
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
let failed = false;

if (only === undefined || only === 'fuzz') {
  console.log(`fuzz: ${RUNS} runs per target`);
  for (const target of TARGETS) {
    const before = prototypeSnapshot();
    const t0 = performance.now();
    let runs = 0;
    const result = await fc.check(fc.asyncProperty(target.arbitrary, async (input) => {
      runs += 1;
      await mustNotCrash(() => target.run(input));
      const p = polluted(before);
      if (p !== undefined) throw new Error(p);
    }), { numRuns: RUNS });
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    if (result.failed) {
      failed = true;
      console.log(`  FAIL ${target.name}: after ${runs} runs, counterexample ${JSON.stringify(result.counterexample).slice(0, 300)}: ${String(result.errorInstance).slice(0, 300)}`);
    } else {
      console.log(`  ok   ${target.name}: ${result.numRuns} runs, ${seconds} s`);
    }
  }
}

if (only === undefined || only === 'kill') {
  console.log(`kill -9: ${KILLS} kills of a saving child process`);
  const report = await runKillLoop(KILLS, (n) => { if (n % 50 === 0) console.log(`  ${n} kills`); });
  console.log(`  ${report.iterations} kills, ${report.torn.length} torn or unparsable loads`);
  for (const t of report.torn.slice(0, 10)) console.log(`  ${t}`);
  if (report.torn.length > 0) failed = true;
}

process.exitCode = failed ? 1 : 0;
