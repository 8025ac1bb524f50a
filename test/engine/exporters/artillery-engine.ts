// Runs an Artillery test script on Artillery's own HTTP engine (@artilleryio/int-core, what
// `artillery run` drives in each worker) with the expect plugin, in this process. The artillery
// CLI package itself needs Node 22 in its current releases, and its Node 20 releases depend on
// Playwright, whose install downloads a browser; the engine and the plugin install alone (~40 MB,
// no install scripts). What this glue does is what the CLI's worker does before a run: set up the
// global object, construct the plugins over the script, start the runner.
import { createRequire } from 'node:module';

export interface RequestVerdict {
  name: string;
  url: string;
  results: { ok: boolean; type: string; expected: unknown; got: unknown }[];
}

export interface ArtilleryRun {
  counters: Record<string, number>;
  /** The expect plugin's verdict on each request, in the order they were made. */
  requests: RequestVerdict[];
}

interface Runner { run(): void; stop(): Promise<void>; on(ev: 'done', fn: (totals: { counters: Record<string, number> }) => void): void }

const require = createRequire(import.meta.url);

/** One run of `script` (an Artillery script as parsed from YAML), returning its counters and expectation results. */
export async function runArtillery(script: Record<string, unknown>, env: Record<string, string> = {}): Promise<ArtilleryRun> {
  const core = require('@artilleryio/int-core') as { updateGlobalObject(): Promise<void>; runner: { runner(s: unknown, p: unknown[], o: unknown): Promise<Runner> } };
  const { Plugin } = require('artillery-plugin-expect') as { Plugin: new (s: unknown, e: unknown) => unknown };
  const saved = { ...process.env };
  Object.assign(process.env, env, { LOCAL_WORKER_ID: '1' });
  const log = console.log;
  const requests: RequestVerdict[] = [];
  // The plugin's json formatter prints one JSON line per request; anything else the engine prints is dropped.
  console.log = (line?: unknown) => {
    if (typeof line !== 'string' || !line.startsWith('{')) return;
    try { requests.push(JSON.parse(line) as RequestVerdict); } catch { /* not the plugin's */ }
  };
  try {
    await core.updateGlobalObject();
    const config = script.config as Record<string, unknown>;
    const plugins = (config.plugins ?? {}) as Record<string, Record<string, unknown>>;
    config.plugins = { ...plugins, expect: { ...plugins.expect, formatter: 'json', expectDefault200: true } };
    new Plugin(script, null);
    const runner = await core.runner.runner(script, [], {});
    const counters = await new Promise<Record<string, number>>((resolve) => {
      runner.on('done', (totals) => resolve(totals.counters));
      runner.run();
    });
    await runner.stop();
    return { counters, requests };
  } finally {
    console.log = log;
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}
