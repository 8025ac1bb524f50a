import { isKeyholeError } from '../../../shared/errors';
import type { RunInput, RunRow, RunSummaryInfo, ShownResult } from '../../../shared/ipc';
import { api } from '../lib/api';
import { createStore } from '../lib/store';

export interface RunnerState {
  runId?: string | undefined;
  /** The collection the run is of: its rows open requests there. */
  collectionId?: string | undefined;
  running: boolean;
  rows: RunRow[];
  total: number;
  summary?: RunSummaryInfo | undefined;
  error?: { code: string; message: string; hint?: string | undefined } | undefined;
  /** The row whose exchange the response panel and the inspector show. */
  selected?: { exchangeId: string; result?: ShownResult | undefined; error?: RunError | undefined } | undefined;
}

type RunError = NonNullable<RunnerState['error']>;
const runError = (e: unknown): RunError => (isKeyholeError(e) ? { code: e.code, message: e.message, hint: e.hint } : { code: 'internal', message: String(e) });

export const runner = createStore<RunnerState>({ running: false, rows: [], total: 0 });

/** The view shows this many rows at most (newest kept); the engine keeps its own bounded list. */
const SHOWN = 2_000;
const POLL_MS = 150;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Starts a run and polls its rows until it ends; a second start while one runs is ignored. */
export async function startRun(input: RunInput): Promise<void> {
  if (runner.get().running) return;
  runner.set({ running: true, rows: [], total: 0, collectionId: input.collectionId });
  try {
    const { runId } = await api['runner.start'](input);
    runner.set((s) => ({ ...s, runId }));
    let after = 0;
    for (;;) {
      const p = await api['runner.poll']({ runId, after });
      after = p.next;
      runner.set((s) => ({
        ...s, total: p.total, summary: p.summary, error: p.error,
        rows: p.rows.length === 0 ? s.rows : [...s.rows, ...p.rows].slice(-SHOWN),
      }));
      if (p.done) break;
      await sleep(POLL_MS);
    }
  } catch (e) {
    runner.set((s) => ({ ...s, error: runError(e) }));
  } finally {
    runner.set((s) => ({ ...s, running: false }));
  }
}

export async function stopRun(): Promise<void> {
  const { runId, running } = runner.get();
  if (runId && running) await api['runner.stop']({ runId });
}

/**
 * Opens a row's exchange from the engine (it keeps the most recent run's, bounded); the view
 * holds only the one shown, so a long run's rows stay small here.
 */
export async function openRunExchange(exchangeId: string): Promise<void> {
  const { runId } = runner.get();
  if (!runId) return;
  runner.set((s) => ({ ...s, selected: { exchangeId } }));
  let selected: RunnerState['selected'];
  try {
    selected = { exchangeId, result: await api['runner.exchange']({ runId, exchangeId }) };
  } catch (e) {
    selected = { exchangeId, error: runError(e) };
  }
  // A later click wins over an earlier answer that arrives late.
  runner.set((s) => (s.selected?.exchangeId === exchangeId ? { ...s, selected } : s));
}
