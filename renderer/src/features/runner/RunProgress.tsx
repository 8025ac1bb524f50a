import type { RunRow, RunSummaryInfo } from '../../../../shared/ipc';

const ms = (n: number): string => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`);

/**
 * The run's progress as a bar with counts while it goes (done of planned, how many failed), and
 * its totals once it has ended. Assertions are the scripts' pm.test results only, as in Postman.
 */
export function RunProgress({ rows, total, running, summary, done }: { rows: readonly RunRow[]; total: number; running: boolean; summary: RunSummaryInfo | undefined; done: boolean }) {
  const finished = summary?.requests ?? rows.length;
  const failed = summary?.failedRequests ?? rows.filter((r) => !r.passed).length;
  const planned = Math.max(total, finished);
  const show = running || summary !== undefined;
  const pct = planned === 0 ? (summary ? 100 : 0) : Math.round((finished / planned) * 100);
  return (
    <div className="run-progress">
      {show && (
        <div className="run-bar" role="progressbar" aria-label="Requests run" aria-valuemin={0} aria-valuemax={planned} aria-valuenow={finished}
          aria-valuetext={`${finished} of ${planned} requests run, ${failed} failed`} data-failed={failed > 0}>
          <span className="run-bar-fill" style={{ width: `${pct}%` }} />
        </div>
      )}
      <p role="status" aria-label="Run progress" className={summary ? 'summary' : 'muted'} data-done={done}>
        {summary ? summaryText(summary) : running ? `Running: ${finished} of ${planned}${failed ? `, ${failed} failed` : ''}` : ''}
      </p>
    </div>
  );
}

function summaryText(s: RunSummaryInfo): string {
  const assertions = s.assertions === 0 ? 'no assertions' : `${s.assertions - s.failedAssertions}/${s.assertions} assertions`;
  const end = s.stopped ? ' (stopped)' : s.bailed ? ' (stopped at the first failure)' : '';
  return `${s.requests - s.failedRequests}/${s.requests} requests passed, ${assertions}, ${ms(s.durationMs)}${end}`;
}
