import { useEffect, useState, type DragEvent } from 'react';
import { isKeyholeError } from '../../../shared/errors';
import type { ExportFormat } from '../../../shared/ipc';
import { api } from '../lib/api';
import { useStore } from '../lib/store';
import { notify, openDialog } from '../state/ui';
import { activeCollection, loadWorkspace, workspace } from '../state/workspace';

/** Import by file picker, drag-and-drop or pasted text (Postman, Insomnia, OpenAPI, HAR, cURL). */
export function ImportDialog() {
  const [text, setText] = useState('');
  const [result, setResult] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const run = async (body: string, filename?: string): Promise<void> => {
    setError(undefined);
    try {
      const collectionId = activeCollection()?.id;
      const r = await api['import.run']({ text: body, ...(filename ? { filename } : {}), ...(collectionId ? { collectionId } : {}) });
      await loadWorkspace(r.collectionId);
      const msg = `Imported ${r.format}${r.collectionId ? ` into ${r.collectionId}` : ''}${r.environments.length ? `, environments: ${r.environments.join(', ')}` : ''}`;
      setResult(`${msg}${r.warnings.length ? `. Not carried over: ${r.warnings.length}` : ''}`);
      notify(msg);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const onFile = async (f: File | undefined): Promise<void> => { if (f) await run(await f.text(), f.name); };
  const onDrop = (e: DragEvent): void => { e.preventDefault(); void onFile(e.dataTransfer.files[0]); };
  return (
    <div role="dialog" aria-modal="true" aria-label="Import" className="dialog" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <header className="row"><h2 className="grow">Import</h2><button type="button" onClick={() => openDialog(undefined)}>Close</button></header>
      <p>Postman collections and environments, Insomnia, OpenAPI 3 / Swagger 2, HAR, cURL. Choose a file, drop it here, or paste it.</p>
      <input type="file" aria-label="Import file" onChange={(e) => void onFile(e.target.files?.[0])} />
      <label>Paste<textarea aria-label="Import text" rows={6} value={text} onChange={(e) => setText(e.target.value)} /></label>
      <button type="button" className="primary" disabled={!text.trim()} onClick={() => void run(text)}>Import pasted text</button>
      {result && <p role="status">{result}</p>}
      {error && <p role="alert">{error}</p>}
    </div>
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
  useEffect(() => { void api['export.formats']({}).then((f) => { setFormats(f); setFormat(f[0]?.id ?? ''); }); }, []);
  const environment = active ?? (chosen || undefined);
  const run = async (): Promise<void> => {
    if (!wc) return;
    setError(undefined);
    try {
      const out = await api['export.run']({ collectionId: wc.id, format, ...(environment ? { environment } : {}) });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([out.text], { type: 'application/json' }));
      a.download = out.filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      notify(`Exported ${out.filename}`);
    } catch (e) {
      const names = isKeyholeError(e) && e.code === 'environment-needed' ? e.details?.environments : undefined;
      if (Array.isArray(names)) { setChoices(names.map(String)); setChosen(String(names[0] ?? '')); } else setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div role="dialog" aria-modal="true" aria-label="Export" className="dialog">
      <header className="row"><h2 className="grow">Export {wc?.collection.name}</h2><button type="button" onClick={() => openDialog(undefined)}>Close</button></header>
      <label>Format <select aria-label="Export format" value={format} onChange={(e) => setFormat(e.target.value)}>{formats.map((f) => <option key={f.id} value={f.id}>{f.label}</option>)}</select></label>
      {!active && choices && <>
        <p role="status">The environments bind this collection's auth differently: choose the one whose auth to export.</p>
        <label>Environment <select aria-label="Export environment" value={chosen} onChange={(e) => setChosen(e.target.value)}>{choices.map((n) => <option key={n} value={n}>{n}</option>)}</select></label>
      </>}
      <p className="muted">Secret values are left out{environment ? `; profiles use the bindings of ${environment}` : ''}.</p>
      <button type="button" className="primary" disabled={!wc || !format} onClick={() => void run()}>Export</button>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
