import type { KeyholeErrorShape } from '../../../shared/errors';
import type { Exchange } from '../../../shared/model';

export interface Assertion {
  name: string;
  passed: boolean;
  message?: string | undefined;
  /** pm.test.skip: reported, neither passed nor failed (newman's `skipped`). */
  skipped?: boolean | undefined;
}

/** A one-line diagnosis from the 401 explainer, for refused requests. */
export interface Diagnosis {
  id: string;
  title: string;
  confidence: number;
  fix?: string | undefined;
}

/**
 * What a reporter learns about one request. The exchange is already masked; reporters must not
 * keep these past their own output (the runner keeps none), so memory stays flat as a run grows.
 */
export interface RequestResult {
  iteration: number;
  index: number;
  path: string;
  /** The request's own name (a path joins names with "/", and a name may hold one). */
  name?: string | undefined;
  /** The request's stable id, when it has one. */
  id?: string | undefined;
  method: string;
  url: string;
  exchange?: Exchange | undefined;
  error?: KeyholeErrorShape | undefined;
  /** What the scripts asserted (pm.test): the only assertions counted, as in Postman. */
  assertions: Assertion[];
  /**
   * Keyhole's check of the response's status (below 400, or one of the request's `expect.status`):
   * a failing one fails the request, but it is the request's status, not an assertion of its own.
   */
  statusCheck?: Assertion | undefined;
  diagnosis?: Diagnosis | undefined;
  passed: boolean;
  /** Skipped by its pre-request script: not sent, counted as passed. */
  skipped?: boolean | undefined;
  /** Console output of its scripts, already masked. */
  logs?: string[] | undefined;
  /**
   * HTTP requests this item sent, counted as newman counts them when the collection has Postman's
   * semantics: an auth round trip (a Digest challenge answered) is two. Absent: one.
   */
  sends?: number | undefined;
  durationMs: number;
}

export interface RunSummary {
  collection: string;
  environment?: string | undefined;
  iterations: number;
  requests: number;
  /** Requests as newman counts them (its run.stats.requests): with Postman's semantics an auth round trip counts two. */
  sends?: number | undefined;
  failedRequests: number;
  assertions: number;
  failedAssertions: number;
  durationMs: number;
  bailed: boolean;
}

export interface RunStart {
  collection: string;
  environment?: string | undefined;
  iterations: number;
  total: number;
  startedAt: string;
}

export interface Reporter {
  onStart?(info: RunStart): void | Promise<void>;
  onRequest(result: RequestResult): void | Promise<void>;
  onEnd?(summary: RunSummary): void | Promise<void>;
}

/** Why a request failed its checks: its status first (when that failed), then its failed assertions. */
export function failedChecks(r: RequestResult): Assertion[] {
  const failed = r.assertions.filter((a) => !a.passed);
  return r.statusCheck && !r.statusCheck.passed ? [r.statusCheck, ...failed] : failed;
}
