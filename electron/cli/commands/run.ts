import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import { cliReporter, htmlReporter, jsonReporter, junitReporter, dataScope, parseDataFile, readGlobalsFile, runCollection, scriptedExecutor, scriptEngineFor, type DataRow, type Reporter } from '../../engine/runner';
import { openCliSession, parseVars } from '../context';
import { diagnoseExchange } from '../diagnose';
import { fileSink, type FileSink } from '../file-sink';
import { collectGarbage } from '../heap';
import { EXIT, exitCodeFor } from '../io';
import { REPORTERS, type CommandContext, type RunFlags } from '../declarations';

function positiveInt(flag: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new KeyholeError('usage', `${flag} takes a whole number of at least ${min}, not "${v}"`);
  return n;
}

function readRows(path: string): DataRow[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new KeyholeError('file-not-found', `Iteration data file ${path} cannot be read`);
  }
  return parseDataFile(text, path);
}

/** `keyhole run`: see declarations/run.ts for the exit statuses. */
export async function runCommand({ io, setExit }: CommandContext, dir: string, flags: RunFlags): Promise<void> {
  const collectionDir = resolve(io.cwd, dir);
  if (!existsSync(collectionDir)) throw new KeyholeError('file-not-found', `Collection folder ${collectionDir} does not exist`);
  const wanted = flags.reporter.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = wanted.filter((r) => !REPORTERS.includes(r));
  if (unknown.length > 0) throw new KeyholeError('usage', `Unknown reporter ${unknown.join(', ')}`, { hint: `Reporters: ${REPORTERS.join(', ')}` });
  const rows = flags.iterationData ? readRows(resolve(io.cwd, flags.iterationData)) : undefined;
  const iterations = flags.iterations !== undefined ? positiveInt('--iterations', flags.iterations, 1) : Math.max(1, rows?.length ?? 1);
  const delayMs = positiveInt('--delay', flags.delay, 0);
  const vars = parseVars(flags.var);

  const globals = flags.globals ? readGlobalsFile(resolve(io.cwd, flags.globals)) : undefined;
  const session = await openCliSession(io, flags, collectionDir, { strictVariables: flags.strictVariables, globals });
  for (const [k, v] of vars) (session.scopes.runtime as Map<string, { value: string }>).set(k, { value: v });
  const row = (i: number): DataRow | undefined => (rows && rows.length > 0 ? rows[i % rows.length] : undefined);
  // A CLI run serves nothing while a script runs, so scripts run on this thread: no worker handoffs.
  const engine = await scriptEngineFor(session.collection, { thread: 'inline' });
  collectGarbage();
  const sinks: FileSink[] = [];
  const reporters: Reporter[] = [];
  const sink = (path: string, label: string): FileSink['write'] => {
    const s = fileSink(resolve(io.cwd, path), label);
    sinks.push(s);
    return (t) => s.write(t);
  };
  if (wanted.includes('cli')) reporters.push(cliReporter({ write: io.out, color: io.color, progress: io.isTTY }));
  if (wanted.includes('json')) reporters.push(jsonReporter(sink(flags.jsonOut, 'JSON report')));
  if (wanted.includes('junit')) reporters.push(junitReporter(sink(flags.junitOut, 'JUnit report')));
  if (wanted.includes('html')) reporters.push(htmlReporter(sink(flags.htmlOut, 'HTML report')));
  let configError = false;
  reporters.push({ onRequest: (r) => { if (r.error && exitCodeFor(new KeyholeError(r.error.code, r.error.message)) === EXIT.usage) configError = true; } });
  let closed: PromiseSettledResult<void>[];
  try {
    // A report file that cannot be created fails the command before the first request.
    await Promise.all(sinks.map((s) => s.opened));
    const summary = await runCollection({
      collection: session.collection,
      environment: session.environment?.name,
      folder: flags.folder,
      iterations,
      delayMs,
      bail: flags.bail ?? false,
      execute: scriptedExecutor({ session, collection: session.collection, engine, iterationCount: iterations, iterationData: row }),
      beforeIteration: (i) => {
        const data = row(i);
        if (data) session.scopes.data = dataScope(data);
      },
      diagnose: diagnoseExchange,
      reporters,
    });
    setExit(configError ? EXIT.usage : summary.failedRequests > 0 ? EXIT.failed : EXIT.ok);
  } finally {
    engine?.dispose();
    closed = await Promise.allSettled(sinks.map((s) => s.close()));
    await session.close();
  }
  // Reached only when the run itself went through: a report that could not be finished fails it.
  const unwritten = closed.find((c): c is PromiseRejectedResult => c.status === 'rejected');
  if (unwritten) throw unwritten.reason;
}
