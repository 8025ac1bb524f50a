import { useEffect, useState } from 'react';
import { isKeyholeError } from '../../../shared/errors';
import type { ExportFormat, ImportResultInfo } from '../../../shared/ipc';
import { Button, FileDrop, Modal, Select } from '../ui';
import { api, isBrowserMode } from '../lib/api';
import { useStore } from '../lib/store';
import { notify, openDialog } from '../state/ui';
import { activeCollection, loadWorkspace, workspace } from '../state/workspace';

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** One sentence for the status line and the screen reader; the lists below it give the detail. */
function summaryOf(r: ImportResultInfo): string {
  const into = r.collectionId ? ` into ${r.collectionId}` : '';
  // A file of environments only adds no requests: it says which environments it added.
  const items = r.requests + r.folders > 0 || r.environments.length === 0 ? `${count(r.requests, 'request')}, ${count(r.folders, 'folder')}` : '';
  const envs = r.environments.length ? `environments: ${r.environments.join(', ')}` : '';
  const moved = r.movedSecrets.length ? ` ${count(r.movedSecrets.length, 'credential')} moved to the secret store.` : '';
  const left = r.notCarried.length ? ` ${count(r.notCarried.length, 'item')} not carried over.` : '';
  return `Imported ${r.format}${into}: ${[items, envs].filter(Boolean).join('; ')}.${moved}${left}`;
}

/** What an import did, readable at a glance: each secret it moved and each thing it could not carry, with why. */
function ImportOutcome({ result }: { result: ImportResultInfo }) {
  return (
    <>
      {result.movedSecrets.length > 0 && (
        <section aria-labelledby="import-moved">
          <h3 id="import-moved">Moved to the secret store ({result.movedSecrets.length})</h3>
          <p className="muted">These values are not in any workspace file; each {'{{reference}}'} stands where the value was, so requests send the same.</p>
          <ul>{result.movedSecrets.map((m, i) => <li key={i}>{m}</li>)}</ul>
        </section>
      )}
      {result.notCarried.length > 0 && (
        <section aria-labelledby="import-not-carried">
          <h3 id="import-not-carried">Not carried over ({result.notCarried.length})</h3>
          <ul>
            {result.notCarried.map((n, i) => (
              <li key={i}><strong>{n.item ?? n.place}</strong>: {n.message}{n.item && <span className="muted"> (at {n.place})</span>}</li>
            ))}
          </ul>
        </section>
      )}
      {result.warnings.length > 0 && (
        <section aria-labelledby="import-warnings">
          <h3 id="import-warnings">Warnings ({result.warnings.length})</h3>
          <ul>{result.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
        </section>
      )}
    </>
  );
}

/** Import by file picker, drag-and-drop or pasted text (Postman, Insomnia, OpenAPI, HAR, cURL). */
export function ImportDialog() {
  const [text, setText] = useState('');
  const [result, setResult] = useState<ImportResultInfo | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [picked, setPicked] = useState<string | undefined>();
  const run = async (body: string, filename?: string): Promise<void> => {
    setError(undefined);
    setResult(undefined);
    try {
      const collectionId = activeCollection()?.id;
      const r = await api['import.run']({ text: body, ...(filename ? { filename } : {}), ...(collectionId ? { collectionId } : {}) });
      await loadWorkspace(r.collectionId);
      setResult(r);
      notify(summaryOf(r));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const onFile = async (f: File | undefined): Promise<void> => { if (f) await run(await f.text(), f.name); };
  return (
    <Modal title="Import" onCancel={() => openDialog(undefined)}>
      <div className="drop-zone">
        <p>Postman collections and environments, Insomnia, OpenAPI 3 / Swagger 2, HAR, cURL. Choose a file, drop it here, or paste it.</p>
        <FileDrop className="block" label="Import file" fileName={picked} onFile={(f) => { setPicked(f.name); void onFile(f); }} />
        <label>Paste<textarea aria-label="Import text" rows={6} value={text} onChange={(e) => setText(e.target.value)} /></label>
        <Button variant="primary" disabled={!text.trim()} onClick={() => void run(text)}>Import pasted text</Button>
        {result && <p role="status">{summaryOf(result)}</p>}
        {result && <ImportOutcome result={result} />}
        {error && <p role="alert">{error}</p>}
      </div>
    </Modal>
  );
}

/**
 * Export the open collection; secrets are always blanked. When the engine says the environments
 * bind the collection's auth differently ('environment-needed'), the dialog asks which one.
 */
export function ExportDialog() {
  const wc = useStore(workspace, (s) => activeCollection(s));
  const active = useStore(workspace, (s) => s.environment);
  const [formats, setFormats] = useState<ExportFormat[]>([]);
  const [format, setFormat] = useState('');
  const [choices, setChoices] = useState<string[] | undefined>();
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  useEffect(() => { void api['export.formats']({}).then((f) => { setFormats(f); setFormat(f[0]?.id ?? ''); }); }, []);
  const environment = active ?? (chosen || undefined);
  const run = async (): Promise<void> => {
    if (!wc) return;
    setError(undefined);
    setDone(undefined);
    try {
      const request = { collectionId: wc.id, format, ...(environment ? { environment } : {}) };
      // An export ends by saying where the file went: the path chosen in the desktop's save
      // dialog, or the browser's downloads folder (a page cannot learn the path it saved to).
      const said = isBrowserMode ? download(await api['export.run'](request)) : savedTo(await api['export.save'](request));
      setDone(said);
      notify(said);
    } catch (e) {
      const names = isKeyholeError(e) && e.code === 'environment-needed' ? e.details?.environments : undefined;
      if (Array.isArray(names)) { setChoices(names.map(String)); setChosen(String(names[0] ?? '')); } else setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Modal title={`Export ${wc?.collection.name ?? ''}`.trim()} onCancel={() => openDialog(undefined)}>
      <label>Format <Select label="Export format" value={format} onChange={setFormat} options={formats.map((f) => ({ value: f.id, label: f.label }))} /></label>
      {!active && choices && <>
        <p role="status">The environments bind this collection's auth differently: choose the one whose auth to export.</p>
        <label>Environment <Select label="Export environment" value={chosen} onChange={setChosen} options={choices.map((n) => ({ value: n, label: n }))} /></label>
      </>}
      <p className="muted">Secret values are left out{environment ? `; profiles use the bindings of ${environment}` : ''}.</p>
      <Button variant="primary" disabled={!wc || !format} onClick={() => void run()}>Export</Button>
      {done && <p role="status">{done}</p>}
      {error && <p role="alert">{error}</p>}
    </Modal>
  );
}

function download(out: { filename: string; text: string }): string {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([out.text], { type: 'application/json' }));
  a.download = out.filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  return `Downloaded ${out.filename} to your browser's downloads folder`;
}

function savedTo(saved: { filename: string; path: string | null }): string {
  return saved.path === null ? `Export of ${saved.filename} cancelled: no file was written` : `Exported to ${saved.path}`;
}
