import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import type { Environment } from '../../../shared/model';
import type { ScopedValue } from '../../../shared/variables';
import { createCookieJar } from '../../engine/http';
import {
  cliReporter, dataScope, htmlReporter, jsonReporter, junitReporter, parseDataFile, runCollection, runItems, scriptedExecutor, scriptEngineFor, shardItems,
  type DataRow, type Reporter,
} from '../../engine/runner';
import { warmQuickJs } from '../../engine/scripts';
import { openCliSession } from '../context';
import { fileSink, type FileSink } from '../file-sink';
import { loadingPhase, runningPhase } from '../heap';
import { EXIT, exitCodeFor } from '../io';
import { planRun, withSettings } from '../run-flags';
import { readCookieJar, writeCookieJar, writeVariables } from '../run-exports';
import { chooseEnvironment, loadGlobals, loadRunSource } from '../run-source';
import type { CommandContext, RunFlags } from '../declarations';

function readRows(path: string): DataRow[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new KeyholeError('file-not-found', `Iteration data file ${path} cannot be read`);
  }
  return parseDataFile(text, path);
}

const asMap = (m: ReadonlyMap<string, ScopedValue> | undefined): Map<string, ScopedValue> | undefined => m as Map<string, ScopedValue> | undefined;

/** `keyhole run`: see declarations/run.ts for the exit statuses, docs/migrate-from-newman.md for newman's options. */
export async function runCommand({ io, setExit }: CommandContext, target: string, flags: RunFlags): Promise<void> {
  const plan = planRun(flags, io);
  // QuickJS compiles on V8's threads while this one reads the collection (most collections have scripts).
  warmQuickJs();
  loadingPhase();
  if (flags.env !== undefined && flags.environment !== undefined && flags.env !== flags.environment) throw new KeyholeError('usage', '-e and --environment are the same option; give one');
  const source = await loadRunSource(io.cwd, target);
  for (const w of source.warnings) io.err(`warning: ${w}\n`);
  const environment = await chooseEnvironment(io.cwd, source, flags.env ?? flags.environment);
  const globals = flags.globals ? await loadGlobals(io.cwd, flags.globals) : undefined;
  const rows = flags.iterationData ? readRows(resolve(io.cwd, flags.iterationData)) : undefined;
  const iterations = plan.iterations ?? Math.max(1, rows?.length ?? 1);
  const collection = withSettings(source.collection, plan.settings);
  let items = runItems(collection, flags.folder);
  if (plan.shard) {
    const share = shardItems(collection, items, plan.shard);
    items = share.items;
    const units = share.units.map((u) => `${u.name} (${u.requests})`).join(', ') || 'nothing';
    io.err(`shard ${plan.shard.index}/${plan.shard.count}: ${share.items.length} requests: ${units}\n`);
    for (const w of share.warnings) io.err(`warning: ${w}\n`);
  }
  // newman's jar options stand in for the folder's saved jar: the run starts from the given jar, or an empty one.
  const ownJar = flags.cookieJar !== undefined || flags.exportCookieJar !== undefined;
  const jar = flags.cookieJar ? await readCookieJar(io.cwd, flags.cookieJar) : ownJar ? createCookieJar() : undefined;
  const timeout = plan.timeoutMs > 0 ? new AbortController() : undefined;

  const session = await openCliSession(io, { secrets: flags.secrets, cookies: flags.cookies, workingDir: flags.workingDir, allowFilesOutside: flags.allowFilesOutside }, source.collectionDir, {
    collection,
    environment,
    globals,
    ...(ownJar ? { cookieJar: jar, stateDir: undefined } : {}),
    // newman's default working directory for a Postman file is the current one; a folder's is itself.
    ...(flags.workingDir === undefined && !source.collectionDir ? { workingDir: io.cwd } : {}),
    insecureFileRead: flags.insecureFileRead,
    strictVariables: flags.strictVariables,
    signal: timeout?.signal,
  });
  for (const [k, v] of plan.vars) asMap(session.scopes.runtime)?.set(k, { value: v });
  for (const [k, v] of plan.envVars) asMap(session.scopes.environment)?.set(k, { value: v, secret: true });
  for (const [k, v] of plan.globalVars) asMap(session.scopes.globals)?.set(k, { value: v });
  session.secretValues.push(...plan.envVars.values(), ...plan.secrets);

  const row = (i: number): DataRow | undefined => (rows && rows.length > 0 ? rows[i % rows.length] : undefined);
  let engine: Awaited<ReturnType<typeof scriptEngineFor>>;
  try {
    // A CLI run serves nothing while a script runs, so scripts run on this thread: no worker handoffs.
    engine = await scriptEngineFor(collection, { thread: 'inline', timeLimitMs: plan.scriptTimeoutMs, asyncTimeoutMs: plan.scriptTimeoutMs });
  } catch (e) {
    await session.close();
    throw e;
  }
  runningPhase();
  const sinks: FileSink[] = [];
  const reporters: Reporter[] = [];
  const sink = (path: string, label: string): FileSink['write'] => {
    const s = fileSink(resolve(io.cwd, path), label);
    sinks.push(s);
    return (t) => s.write(t);
  };
  if (plan.reporters.includes('cli') && !flags.silent) reporters.push(cliReporter({ write: io.out, color: plan.color, progress: io.isTTY && !flags.verbose, verbose: flags.verbose }));
  if (plan.reporters.includes('json')) reporters.push(jsonReporter(sink(plan.out.json, 'JSON report')));
  if (plan.reporters.includes('junit')) reporters.push(junitReporter(sink(plan.out.junit, 'JUnit report')));
  if (plan.reporters.includes('html')) reporters.push(htmlReporter(sink(plan.out.html, 'HTML report')));
  let configError = false;
  reporters.push({ onRequest: (r) => { if (r.error && exitCodeFor(new KeyholeError(r.error.code, r.error.message)) === EXIT.usage) configError = true; } });
  let closed: PromiseSettledResult<void>[];
  const timer = timeout && setTimeout(() => timeout.abort(), plan.timeoutMs);
  try {
    // A report file that cannot be created fails the command before the first request.
    await Promise.all(sinks.map((s) => s.opened));
    const summary = await runCollection({
      collection,
      environment: session.environment?.name,
      items,
      iterations,
      delayMs: plan.delayMs,
      bail: plan.bail,
      // A Postman file is judged as newman judges it: by its tests only.
      statusCheck: source.format !== 'postman',
      execute: scriptedExecutor({ session, collection, engine, iterationCount: iterations, iterationData: row }),
      beforeIteration: (i) => {
        const data = row(i);
        if (data) session.scopes.data = dataScope(data);
      },
      // The explainer loads with the first refusal: a run with none never evaluates it.
      diagnose: async (exchange) => (await import('../diagnose')).diagnoseExchange(exchange, session.secretValues),
      reporters,
      signal: timeout?.signal,
    });
    const timedOut = timeout?.signal.aborted === true;
    if (timedOut) io.err(`keyhole: the run was stopped after --timeout ${plan.timeoutMs} ms\n`);
    const failed = timedOut || summary.failedRequests > 0;
    setExit(configError ? EXIT.usage : failed && !flags.suppressExitCode ? EXIT.failed : EXIT.ok);
  } finally {
    if (timer) clearTimeout(timer);
    engine?.dispose();
    closed = await Promise.allSettled(sinks.map((s) => s.close()));
    await session.close();
  }
  // Reached only when the run itself went through: a report that could not be finished fails it.
  const unwritten = closed.find((c): c is PromiseRejectedResult => c.status === 'rejected');
  if (unwritten) throw unwritten.reason;
  await exportState(io, flags, { session, environment, globals: globals?.variables ?? [], jar });
}

/** newman's --export-environment, --export-globals and --export-cookie-jar, after the run. */
async function exportState(io: CommandContext['io'], flags: RunFlags, o: {
  session: Awaited<ReturnType<typeof openCliSession>>;
  environment: string | Environment | undefined;
  globals: Environment['variables'];
  jar: ReturnType<typeof createCookieJar> | undefined;
}): Promise<void> {
  const said = (what: string, r: { path: string; blanked: string[] }): void => {
    io.err(`Exported the ${what} to ${r.path}\n`);
    if (r.blanked.length > 0) io.err(`Secret values left empty in it: ${r.blanked.join(', ')}\n`);
  };
  if (flags.exportEnvironment) {
    const input = typeof o.environment === 'object' ? o.environment.variables : [];
    const name = o.session.environment?.name ?? 'environment';
    said('environment', await writeVariables(io.cwd, flags.exportEnvironment, { scope: 'environment', name, live: o.session.scopes.environment, input }));
  }
  if (flags.exportGlobals) said('globals', await writeVariables(io.cwd, flags.exportGlobals, { scope: 'globals', name: 'globals', live: o.session.scopes.globals, input: o.globals }));
  if (flags.exportCookieJar && o.jar) io.err(`Exported the cookie jar to ${await writeCookieJar(io.cwd, flags.exportCookieJar, o.jar)}\n`);
}
