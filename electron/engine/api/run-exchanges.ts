import { KeyholeError } from '../../../shared/errors';
import type { SendResult } from '../../../shared/ipc/send-payloads';

/** Exchanges of the most recent run kept for the Runner view's rows: the newest this many... */
export const KEEP_RUN_EXCHANGES = 1_000;
/** ...while their inline bodies stay under this many bytes (base64 text) in all. */
export const RUN_EXCHANGE_BUDGET = 64 * 1024 * 1024;

interface Kept { runId: string; result: SendResult; bytes: number }

const sizeOf = (r: SendResult): number => {
  const b = r.exchange.response.body;
  // The body dominates; the rest (headers, timings, hops) is counted at a flat few kilobytes.
  return (b.storage === 'inline' ? b.base64.length : b.path.length) + 4096;
};

/**
 * The masked exchanges of the most recent run, so a row of the Runner view can open its exchange.
 * Bounded twice: by count (the newest KEEP_RUN_EXCHANGES) and by bytes (RUN_EXCHANGE_BUDGET), the
 * oldest going first, so a 5,000-request run of 10 MB responses holds tens of megabytes, not
 * gigabytes. Raw exchanges are never kept here: the explanation is computed from the raw one at
 * capture time, and only masked data stays.
 */
export class RunExchanges {
  private runId: string | undefined;
  private readonly kept = new Map<string, Kept>();
  private bytes = 0;

  constructor(private readonly keep = KEEP_RUN_EXCHANGES, private readonly budget = RUN_EXCHANGE_BUDGET) {}

  /** A new run: the previous run's exchanges are let go. */
  begin(runId: string): void {
    this.runId = runId;
    this.kept.clear();
    this.bytes = 0;
  }

  add(runId: string, result: SendResult): void {
    if (runId !== this.runId) return;
    const bytes = sizeOf(result);
    this.kept.set(result.exchange.id, { runId, result, bytes });
    this.bytes += bytes;
    while (this.kept.size > this.keep || (this.bytes > this.budget && this.kept.size > 1)) {
      const oldest = this.kept.entries().next().value;
      if (oldest === undefined) break;
      this.kept.delete(oldest[0]);
      this.bytes -= oldest[1].bytes;
    }
  }

  has(exchangeId: string): boolean {
    return this.kept.has(exchangeId);
  }

  get(runId: string, exchangeId: string): SendResult {
    const k = this.kept.get(exchangeId);
    if (!k || k.runId !== runId) {
      throw new KeyholeError('invalid-input', runId === this.runId
        ? `Exchange ${exchangeId} of this run is no longer kept`
        : `Run ${runId} is not the most recent run; only its exchanges are kept`, {
        hint: `The app keeps the last ${this.keep} exchanges of the most recent run; run the folder again to see this one.`,
        details: { runId, exchangeId },
      });
    }
    return k.result;
  }

  /** By exchange id alone (body windows, save to file): the id is a random UUID nobody guesses. */
  byId(exchangeId: string): SendResult | undefined {
    return this.kept.get(exchangeId)?.result;
  }

  get size(): number {
    return this.kept.size;
  }
}
