import { useMemo, useState } from 'react';
import type { RunRow } from '../../../shared/ipc';
import type { Item } from '../../../shared/model';
import { useStore } from '../lib/store';
import { openRunExchange, runner, startRun, stopRun, type RunnerState } from '../state/runner';
import { ResponseView } from './ResponsePanel';
import { activeCollection, collectionById, workspace } from '../state/workspace';
import { locate } from '../lib/tree';
import { openRequest } from '../state/tabs';
import { notify, showView } from '../state/ui';
import { RunProgress } from '../features/runner/RunProgress';
import { RunExport } from '../features/runner/RunExport';
import { BackToRequests, failureReason, StatusCell } from '../features/runner/run-rows';
import '../features/runner/runner.css';
import { Button, FileDrop, Select } from '../ui';

/** Slash paths of every folder, as the runner's `folder` option accepts them. */
function folderPaths(items: readonly Item[], prefix = ''): string[] {
  return items.flatMap((i) => (i.kind === 'folder' ? [`${prefix}${i.name}`, ...folderPaths(i.items, `${prefix}${i.name}/`)] : []));
}

/**
 * The collection runner: the same engine runner as `keyhole run` (scripts, setNextRequest,
 * iterations, delay, bail), with each request's status, assertions and timing as it completes,
 * and the 401 inspector's diagnosis under each refused request.
 */
export function RunnerView() {
  const wc = useStore(workspace, (s) => activeCollection(s));
  const environment = useStore(workspace, (s) => s.environment);
  const state = useStore(runner, (s) => s);
  const [folder, setFolder] = useState('');
  const [iterations, setIterations] = useState('');
  const [data, setData] = useState<{ name: string; text: string } | undefined>();
  const [delayMs, setDelay] = useState(0);
  const [bail, setBail] = useState(false);
  const folders = useMemo(() => folderPaths(wc?.collection.items ?? []), [wc]);
  if (!wc) return <section className="runner" aria-label="Runner"><BackToRequests /><p className="muted">Open or import a collection to run it.</p></section>;
  const run = (): void => void startRun({
    collectionId: wc.id, delayMs, bail,
    ...(iterations ? { iterations: Math.max(1, Math.round(Number(iterations) || 1)) } : {}),
    ...(folder ? { folder } : {}), ...(environment ? { environment } : {}), ...(data ? { data } : {}),
  });
  const s = state.summary;
  return (
    <section className="runner" aria-label="Runner">
      <div className="runner-head"><BackToRequests /><h2>Run {wc.collection.name}{environment ? ` in ${environment}` : ''}</h2></div>
      <div className="row">
        <label>Folder <Select label="Run folder" value={folder} onChange={setFolder} options={[{ value: '', label: 'Whole collection' }, ...folders.map((f) => ({ value: f, label: f }))]} /></label>
        <label>Iterations <input type="number" aria-label="Iterations" min={1} value={iterations} placeholder={data ? 'per row' : '1'} onChange={(e) => setIterations(e.target.value)} style={{ width: 70 }} /></label>
        <FileDrop label="Data file (CSV or JSON)" accept=".csv,.json,text/csv,application/json" fileName={data?.name}
          onFile={(f) => void f.text().then((text) => setData({ name: f.name, text }))} onClear={() => setData(undefined)} />
        <label>Delay (ms) <input type="number" aria-label="Delay (ms)" min={0} value={delayMs} onChange={(e) => setDelay(Math.max(0, Math.round(Number(e.target.value) || 0)))} style={{ width: 80 }} /></label>
        <label><input type="checkbox" aria-label="Stop at first failure" checked={bail} onChange={(e) => setBail(e.target.checked)} /> Stop at first failure</label>
        {/* Keyed apart: one reused button would fade from Stop's red to Run's accent, unreadable mid-way. */}
        {state.running
          ? <Button key="stop" variant="danger" onClick={() => void stopRun()}>Stop</Button>
          : <Button key="run" variant="primary" onClick={run}>Run</Button>}
      </div>
      <RunProgress rows={state.rows} total={state.total} running={state.running} summary={s} done={!state.running && (s !== undefined || state.error !== undefined)} />
      {state.runId && (s || state.running) && <RunExport runId={state.runId} disabledReason={state.running ? 'The run is still going: export it when it has finished' : undefined} />}
      {state.error && <div role="alert" className="error-card"><strong>{state.error.code}</strong>: {state.error.message}{state.error.hint && <p>{state.error.hint}</p>}</div>}
      {state.rows.length > 0 && (
        <table aria-label="Run results">
          <thead><tr><th scope="col"><span className="sr-only">Result</span></th><th scope="col">#</th><th scope="col">Request</th><th scope="col">Status</th><th scope="col">Time</th><th scope="col">Assertions</th></tr></thead>
          <tbody>{state.rows.map((r, i) => <RunRowView key={`${r.iteration}-${r.index}-${i}`} r={r} selected={r.exchangeId !== undefined && r.exchangeId === state.selected?.exchangeId} />)}</tbody>
        </table>
      )}
      {state.selected && <RunExchange selected={state.selected} />}
    </section>
  );
}

/** The exchange of the clicked row, as the request tabs show theirs (the inspector shows its explanation). */
function RunExchange({ selected }: { selected: NonNullable<RunnerState['selected']> }) {
  if (selected.error) return <section className="response" aria-label="Response"><div role="alert" className="error-card"><strong>{selected.error.code}</strong>: {selected.error.message}{selected.error.hint && <p>{selected.error.hint}</p>}</div></section>;
  if (!selected.result) return <section className="response" aria-label="Response"><p aria-busy="true">Loading the exchange…</p></section>;
  return <ResponseView key={selected.exchangeId} result={selected.result} />;
}

/** Opens the row's request in a tab (by id: a rename or move since the run does not matter). */
function openRunRequest(requestId: string | undefined): void {
  const wc = collectionById(runner.get().collectionId);
  const item = wc ? locate(wc.collection.items, requestId)?.item : undefined;
  if (!wc || !item) return notify('That request is no longer in the collection.');
  openRequest(wc.id, item);
  showView('requests');
}

function RunRowView({ r, selected }: { r: RunRow; selected: boolean }) {
  const id = r.exchangeId;
  const reason = failureReason(r);
  return (
    <tr aria-label={`${r.path} ${r.passed ? 'passed' : 'failed'}`} data-passed={r.passed} data-selected={selected}
      className={[selected ? 'selected' : '', r.passed ? '' : 'failed'].filter(Boolean).join(' ') || undefined}
      onClick={id ? () => void openRunExchange(id) : undefined}>
      <td className="mark">{r.skipped ? <span className="muted" title="Skipped by its pre-request script">–</span> : r.passed ? <span className="ok" aria-label="passed">✓</span> : <span className="bad" aria-label="failed">✗</span>}</td>
      <td>{r.index + 1}</td>
      <td><span className={`method m-${r.method.toLowerCase()}`}>{r.method}</span> {id
        ? <button type="button" className="link" aria-label={`Open exchange of ${r.path}`} aria-pressed={selected} onClick={(e) => { e.stopPropagation(); void openRunExchange(id); }}>{r.path}</button>
        : r.path}<div className="muted"><code>{r.url}</code></div>
        {r.requestId && <button type="button" className="link open-request" aria-label={`Open request ${r.path}`} onClick={(e) => { e.stopPropagation(); openRunRequest(r.requestId); }}>Open request</button>}
        {reason && <div className="bad reason" aria-label={`Why ${r.path} failed`}>{reason}</div>}
        {r.diagnosis && <div className="diagnosis" role="note" aria-label={`Diagnosis of ${r.path}`} data-finding={r.diagnosis.id}><strong>{r.diagnosis.title}</strong> <span className="muted">({Math.round(r.diagnosis.confidence * 100)}%)</span>{r.diagnosis.fix && <div>{r.diagnosis.fix}</div>}</div>}
      </td>
      <StatusCell r={r} />
      <td>{r.durationMs.toFixed(0)} ms</td>
      <td>{r.assertions.length === 0 && <span className="muted" title="Its scripts have no pm.test">none</span>}<ul className="assertions">{r.assertions.map((a, i) => <li key={i} className={a.passed ? 'ok' : 'bad'}>{a.passed ? '✓' : '✗'} {a.name}{a.message && !a.passed ? <span className="muted"> — {a.message}</span> : null}</li>)}</ul></td>
    </tr>
  );
}
