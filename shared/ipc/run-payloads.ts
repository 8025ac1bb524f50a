import { z } from 'zod';
import { KeyholeErrorShape } from '../errors';
import { CollectionId } from './ids';
import { AssertionInfo } from './send-payloads';

// A collection run (the Runner view): what starts it and the rows and summary it is polled for.

export const RunInput = z.object({
  collectionId: CollectionId,
  environment: z.string().optional(),
  /** A folder name or slash path; absent runs the whole collection. */
  folder: z.string().min(1).optional(),
  /** Absent: 1, or one per row of `data`. */
  iterations: z.number().int().min(1).max(10_000).optional(),
  delayMs: z.number().int().min(0).max(60_000).default(0),
  bail: z.boolean().default(false),
  /** A CSV or JSON data file's text: one iteration per row (unless `iterations` says more), pm.iterationData. */
  data: z.object({ name: z.string().min(1).max(500), text: z.string().max(16 * 1024 * 1024) }).optional(),
});
export type RunInput = z.input<typeof RunInput>;

/** One request of a run as the Runner view shows it: no bodies, so a long run stays small. */
export const RunRow = z.object({
  index: z.number().int(),
  iteration: z.number().int(),
  path: z.string(),
  /** The request's item id: the row opens the request itself, wherever it has moved since. */
  requestId: z.string().optional(),
  method: z.string(),
  /** Masked. */
  url: z.string(),
  status: z.number().int().optional(),
  statusText: z.string().optional(),
  durationMs: z.number(),
  passed: z.boolean(),
  skipped: z.boolean().default(false),
  error: KeyholeErrorShape.optional(),
  /** The scripts' pm.test results: the only assertions counted, as in Postman. */
  assertions: z.array(AssertionInfo),
  /** The check of the status (below 400, or the request's `expect.status`): it decides pass/fail, it is not an assertion. */
  statusCheck: AssertionInfo.optional(),
  /** The 401 inspector's finding for a refused request (401/403/407). */
  diagnosis: z.object({ id: z.string(), title: z.string(), confidence: z.number(), fix: z.string().optional() }).optional(),
  logs: z.array(z.string()).default([]),
  /** Its exchange, for runner.exchange (absent when nothing was sent: skipped, failed before the wire). */
  exchangeId: z.string().optional(),
});
export type RunRow = z.infer<typeof RunRow>;

export const RunSummaryInfo = z.object({
  requests: z.number().int(),
  failedRequests: z.number().int(),
  assertions: z.number().int(),
  failedAssertions: z.number().int(),
  durationMs: z.number(),
  bailed: z.boolean(),
  stopped: z.boolean(),
});
export type RunSummaryInfo = z.infer<typeof RunSummaryInfo>;

export const RunProgress = z.object({
  /** Rows from `after` on, in run order. */
  rows: z.array(RunRow),
  /** Pass as `after` in the next poll. */
  next: z.number().int(),
  /** Requests the run plans (iterations × requests; setNextRequest may change it). */
  total: z.number().int(),
  done: z.boolean(),
  summary: RunSummaryInfo.optional(),
  /** Why the run could not run at all (unknown folder, environment...). */
  error: KeyholeErrorShape.optional(),
});
export type RunProgress = z.infer<typeof RunProgress>;
