import type { ScriptReport } from '../../../../shared/ipc';

/** " (2/3)": passed of declared pm.test results, for a Tests tab's label; empty when none were declared. */
export function testCount(t: ScriptReport | undefined): string {
  if (!t || t.assertions.length === 0) return '';
  return ` (${t.assertions.filter((a) => a.passed).length}/${t.assertions.length})`;
}

/** pm.test results and console output of the scripts that ran around this send. */
export function TestResults({ tests }: { tests: ScriptReport | undefined }) {
  if (!tests) return <p className="muted">No script ran. Write tests in the request's Scripts tab.</p>;
  return (
    <div>
      {tests.assertions.length === 0 ? <p className="muted">The scripts ran but declared no pm.test.</p> : (
        <ul className="assertions" aria-label="Test results">
          {tests.assertions.map((a, i) => (
            <li key={i} className={a.passed ? 'ok' : 'bad'} data-passed={a.passed}>
              <strong>{a.passed ? 'PASS' : 'FAIL'}</strong> {a.name}{a.message && <span className="muted"> — {a.message}</span>}
            </li>
          ))}
        </ul>
      )}
      {tests.logs.length > 0 && <><h3>Console</h3><pre className="logs" aria-label="Script console">{tests.logs.join('\n')}</pre></>}
    </div>
  );
}
