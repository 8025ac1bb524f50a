import { htmlReporter, junitReporter, type Reporter, type RequestResult, type RunStart, type RunSummary } from '../runner';

export type ReportFormat = 'html' | 'junit';

const EMPTY_BODY = { storage: 'inline' as const, base64: '' };

/**
 * What a report needs of a result, kept for the run's lifetime: the masked exchange without its
 * response body or request body preview (the reports never include bodies), so keeping a run's
 * rows for an export costs a few hundred bytes each, not their bodies.
 */
export function slimResult(r: RequestResult): RequestResult {
  if (!r.exchange) return r;
  const e = r.exchange;
  return {
    ...r,
    exchange: { ...e, request: { ...e.request, bodyPreview: undefined }, response: { ...e.response, body: EMPTY_BODY }, hops: [] },
  };
}

const safeName = (s: string): string => s.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';

/** A finished run through the CLI's own reporter, so the app's export and `keyhole run -r` agree. */
export async function runReport(format: ReportFormat, start: RunStart, results: readonly RequestResult[], summary: RunSummary): Promise<{ filename: string; text: string }> {
  const parts: string[] = [];
  const write = (t: string): void => { parts.push(t); };
  const reporter: Reporter = format === 'html' ? htmlReporter(write) : junitReporter(write);
  await reporter.onStart?.(start);
  for (const r of results) await reporter.onRequest(r);
  await reporter.onEnd?.(summary);
  const stamp = start.startedAt.replace(/[:.]/g, '-');
  return { filename: `${safeName(start.collection)}-run-${stamp}.${format === 'html' ? 'html' : 'xml'}`, text: parts.join('') };
}
