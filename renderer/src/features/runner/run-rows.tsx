import type { RunRow } from '../../../../shared/ipc';
import { showView } from '../../state/ui';

/** "expected below 400" from the check's name "status is below 400" (or "status is 200 or 201"). */
const expectation = (name: string): string => `expected ${name.replace(/^status is /, '')}`;

/** Why a row failed, in one line: the error, else its status, else how many assertions failed. */
export function failureReason(r: RunRow): string | undefined {
  if (r.passed) return undefined;
  if (r.error) return r.error.message;
  if (r.statusCheck && !r.statusCheck.passed) return `Status ${r.status ?? ''} ${r.statusText ?? ''}`.replace(/\s+/g, ' ').trim() + `: ${expectation(r.statusCheck.name)}`;
  const failed = r.assertions.filter((a) => !a.passed);
  if (failed.length > 0) return `${failed.length} of ${r.assertions.length} assertion${r.assertions.length === 1 ? '' : 's'} failed: ${failed[0]?.name ?? ''}`;
  return 'Failed';
}

/** The response's status, with ✗ when it is not the one the request expects (its status check). */
export function StatusCell({ r }: { r: RunRow }) {
  if (r.skipped) return <td className="muted">skipped</td>;
  if (r.status === undefined) return <td className="bad">{r.error ? r.error.code : ''}</td>;
  const failed = r.statusCheck?.passed === false;
  return (
    <td className={`status s${Math.floor(r.status / 100)}`} title={r.statusCheck ? `${r.statusCheck.passed ? '✓' : '✗'} ${r.statusCheck.name}` : undefined}>
      {failed && <span aria-hidden="true">✗ </span>}{r.status} {r.statusText ?? ''}
    </td>
  );
}

/** The way back from the Runner to the request tabs, always at the top of the view. */
export function BackToRequests() {
  return <button type="button" className="back" onClick={() => showView('requests')}>← Back to requests</button>;
}
