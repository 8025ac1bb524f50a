// Reads each runner's own report and says whether every assertion passed: a run counts only if
// its runner says so and the server saw every request succeed.
import { readFileSync } from 'node:fs';

export interface Verdict {
  /** Assertions the runner reported, and how many failed. */
  assertions: number;
  failed: number;
  /** Why the run does not count, if it does not. */
  problem?: string | undefined;
}

const read = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/** `keyhole run -r json`: the streamed report's summary (the pm.test; the status check is not an assertion). */
export function keyholeVerdict(file: string, n: number): Verdict {
  const text = read(file);
  if (!text) return { assertions: 0, failed: 0, problem: 'no JSON report' };
  const { summary } = JSON.parse(text) as { summary: { requests: number; failedRequests: number; assertions: number; failedAssertions: number } };
  const problem = summary.requests !== n ? `${summary.requests} of ${n} requests ran` : summary.assertions !== n ? `${summary.assertions} assertions, expected ${n}` : undefined;
  return { assertions: summary.assertions, failed: summary.failedAssertions, problem };
}

/** newman's JSON reporter: run.stats (every pm.test is an assertion). */
export function newmanJsonVerdict(file: string, n: number): Verdict {
  const text = read(file);
  if (!text) return { assertions: 0, failed: 0, problem: 'no JSON report' };
  const { run } = JSON.parse(text) as { run: { stats: { requests: { total: number }; assertions: { total: number; failed: number } }; failures: unknown[] } };
  // Its request count includes the retry after each Digest challenge, so only a shortfall is wrong.
  const problem = run.stats.requests.total < n ? `${run.stats.requests.total} of ${n} requests ran` : run.stats.assertions.total !== n ? `${run.stats.assertions.total} assertions, expected ${n}` : undefined;
  return { assertions: run.stats.assertions.total, failed: run.stats.assertions.failed + (run.failures.length > run.stats.assertions.failed ? run.failures.length - run.stats.assertions.failed : 0), problem };
}

/** newman's JUnit reporter (its JSON reporter cannot hold large bodies): one testcase per assertion. */
export function newmanJunitVerdict(file: string, n: number): Verdict {
  const text = read(file);
  if (!text) return { assertions: 0, failed: 0, problem: 'no JUnit report' };
  const cases = (text.match(/<testcase /g) ?? []).length;
  const failed = (text.match(/<failure[ >]/g) ?? []).length + (text.match(/<error[ >]/g) ?? []).length;
  return { assertions: cases, failed, problem: cases !== n ? `${cases} assertions, expected ${n}` : undefined };
}

/** `bru run --reporter-json`: one entry per iteration, with post-response test counts. */
export function brunoVerdict(file: string, n: number): Verdict {
  const text = read(file);
  if (!text) return { assertions: 0, failed: 0, problem: 'no JSON report' };
  const doc = JSON.parse(text) as { summary: { totalRequests: number; failedRequests: number; errorRequests: number; totalPostResponseTests: number; failedPostResponseTests: number } }[];
  const s = doc[0]?.summary;
  if (!s) return { assertions: 0, failed: 0, problem: 'empty JSON report' };
  const problem = s.totalRequests !== n ? `${s.totalRequests} of ${n} requests ran` : s.totalPostResponseTests !== n ? `${s.totalPostResponseTests} tests, expected ${n}`
    : s.failedRequests + s.errorRequests > 0 ? `${s.failedRequests + s.errorRequests} requests failed` : undefined;
  return { assertions: s.totalPostResponseTests, failed: s.failedPostResponseTests, problem };
}
