import type { Reporter, RequestResult, RunStart, RunSummary } from '../result';

/**
 * Streams `{"run":…, "results":[…], "summary":…}` as results arrive, so a run of any length never
 * holds its results in memory. Exchanges arrive masked; response bodies are left out (they can be
 * large) and described by their size instead.
 */
export function jsonReporter(write: (text: string) => void | Promise<void>): Reporter {
  let first = true;
  return {
    async onStart(info: RunStart) {
      await write(`{"run":${JSON.stringify(info)},"results":[\n`);
    },
    // Not async: a sink that only gathers text answers at once, and the runner then skips the await.
    onRequest(r: RequestResult) {
      const exchange = r.exchange && { ...r.exchange, response: { ...r.exchange.response, body: undefined } };
      const written = write(`${first ? '' : ',\n'}${JSON.stringify({ ...r, exchange })}`);
      first = false;
      return written;
    },
    async onEnd(s: RunSummary) {
      await write(`\n],"summary":${JSON.stringify(s)}}\n`);
    },
  };
}
