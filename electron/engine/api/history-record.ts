import { toKeyholeError } from '../../../shared/errors';
import type { SendResult } from '../../../shared/ipc/send-payloads';
import type { HistoryEntry } from '../../../shared/model';
import type { HistoryStore } from '../history';

/**
 * Adds a send to the history without ever failing the send: a history that cannot be written
 * (full disk, a damaged file set aside) becomes a warning on the response the user is looking at.
 * Each problem of the store is told once, not on every send.
 */
export function historyRecorder(store: HistoryStore): (make: () => HistoryEntry) => Promise<string | undefined> {
  let told: string | undefined;
  return async (make) => {
    try {
      await store.add(make());
    } catch (e) {
      const err = toKeyholeError(e);
      return `This send was not kept in the history: ${err.message}${err.hint ? ` (${err.hint})` : ''}`;
    }
    if (store.problem === undefined || store.problem === told) return undefined;
    told = store.problem;
    return told;
  };
}

export function withWarning(result: SendResult, warning: string | undefined): SendResult {
  if (warning === undefined) return result;
  return { ...result, exchange: { ...result.exchange, warnings: [...result.exchange.warnings, warning] } };
}
