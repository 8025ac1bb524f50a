import type { Body, MultipartField } from '../../../shared/model';
import { api, isBrowserMode } from '../lib/api';
import { CodeEditor, formatJson } from './CodeEditor';
import { KeyValueTable } from './KeyValueTable';
import { X } from 'lucide-react';
import { FileDrop, IconButton, Select } from '../ui';
import { GraphqlBody } from '../features/graphql/GraphqlBody';
import type { Tab } from '../state/tabs';

const MODES: Body['mode'][] = ['none', 'json', 'xml', 'text', 'form-urlencoded', 'multipart', 'binary', 'graphql'];

/** Hands a file the user dropped or picked in the page to the engine, which keeps a copy to send. */
export async function stageFile(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return (await api['file.stage']({ name: file.name, base64: btoa(binary) })).path;
}

/** The last part of a path, for showing which file is chosen. */
const fileNameOf = (path: string): string => path.split(/[\\/]/).pop() || path;

/**
 * A file for the engine to send (a binary body, a multipart part, a WebSocket frame): a drop zone.
 * The desktop's click opens the native dialog, whose path the engine reads in place; a browser
 * (and any drop) stages a copy on the engine's side.
 */
export function FilePicker({ label, path, onPath }: { label: string; path: string; onPath: (path: string) => void }) {
  const pick = async (): Promise<void> => { const p = (await api['file.pick']({})).path; if (p) onPath(p); };
  return (
    <FileDrop label={label} fileName={path ? fileNameOf(path) : undefined} onFile={(f) => void stageFile(f).then(onPath)}
      onPick={isBrowserMode ? undefined : () => void pick()} hint={path || undefined} />
  );
}

const MODE_LABELS: Record<Body['mode'], string> = {
  none: 'None', json: 'JSON', xml: 'XML', text: 'Text', 'form-urlencoded': 'Form URL-encoded', multipart: 'Multipart form', binary: 'Binary file', graphql: 'GraphQL',
};

export function BodyEditor({ tab, body, onChange }: { tab: Tab; body: Body; onChange: (b: Body) => void }) {
  const setMode = (mode: Body['mode']): void => {
    const text = 'text' in body ? body.text : '';
    const next: Record<Body['mode'], Body> = {
      none: { mode: 'none' }, json: { mode: 'json', text }, xml: { mode: 'xml', text }, text: { mode: 'text', text },
      'form-urlencoded': { mode: 'form-urlencoded', fields: [] }, multipart: { mode: 'multipart', fields: [] },
      binary: { mode: 'binary', path: '' }, graphql: { mode: 'graphql', query: body.mode === 'graphql' ? body.query : '', variables: '' },
    };
    onChange(next[mode]);
  };
  const invalidJson = body.mode === 'json' && body.text.trim() !== '' && formatJson(body.text.replace(/\{\{[^{}]+\}\}/g, '0')) === undefined;
  return (
    <div className="body-editor">
      <div className="row">
        <Select label="Body type" value={body.mode} onChange={setMode} options={MODES.map((m) => ({ value: m, label: MODE_LABELS[m] }))} />
      </div>
      {(body.mode === 'json' || body.mode === 'xml' || body.mode === 'text') && (
        <>
          {body.mode === 'json' && (
            <div className="row">
              <button type="button" onClick={() => { const f = formatJson(body.text); if (f) onChange({ ...body, text: f }); }}>Format JSON</button>
              {invalidJson && <span role="alert" className="warn">The JSON does not parse</span>}
            </div>
          )}
          <CodeEditor label="Request body" language={body.mode === 'text' ? 'plaintext' : body.mode} value={body.text} onChange={(text) => onChange({ ...body, text })} />
        </>
      )}
      {body.mode === 'form-urlencoded' && <KeyValueTable label="Form fields" rows={body.fields} onChange={(fields) => onChange({ ...body, fields })} />}
      {body.mode === 'multipart' && <MultipartTable fields={body.fields} onChange={(fields) => onChange({ ...body, fields })} />}
      {body.mode === 'binary' && (
        <div className="row"><FilePicker label="Body file" path={body.path} onPath={(path) => onChange({ ...body, path })} /></div>
      )}
      {body.mode === 'graphql' && <GraphqlBody tab={tab} body={body} onChange={onChange} />}
    </div>
  );
}

function MultipartTable({ fields, onChange }: { fields: MultipartField[]; onChange: (f: MultipartField[]) => void }) {
  const set = (i: number, f: MultipartField): void => onChange(fields.map((x, j) => (j === i ? f : x)));
  return (
    <div>
      <table className="kv" aria-label="Multipart fields">
        <tbody>
          {fields.map((f, i) => (
            <tr key={i}>
              <td><input aria-label={`Part name ${i + 1}`} value={f.name} onChange={(e) => set(i, { ...f, name: e.target.value })} /></td>
              <td>{f.kind === 'text'
                ? <input aria-label={`Part value ${i + 1}`} value={f.value} onChange={(e) => set(i, { ...f, value: e.target.value })} />
                : <FilePicker label={`Part file ${i + 1}`} path={f.path} onPath={(path) => set(i, { ...f, path })} />}</td>
              <td><IconButton label={`Remove part ${i + 1}`} icon={<X size={13} aria-hidden />} onClick={() => onChange(fields.filter((_, j) => j !== i))} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => onChange([...fields, { kind: 'text', name: '', value: '', enabled: true }])}>Add text part</button>
      <button type="button" onClick={() => onChange([...fields, { kind: 'file', name: 'file', path: '', enabled: true }])}>Add file part</button>
    </div>
  );
}
