import type { Body, MultipartField } from '../../../shared/model';
import { api, isBrowserMode } from '../lib/api';
import { CodeEditor, formatJson } from './CodeEditor';
import { KeyValueTable } from './KeyValueTable';
import { GraphqlBody } from '../features/graphql/GraphqlBody';
import type { Tab } from '../state/tabs';

const MODES: Body['mode'][] = ['none', 'json', 'xml', 'text', 'form-urlencoded', 'multipart', 'binary', 'graphql'];

/** Picks a file: the native dialog in Electron; in a browser the file is staged on the engine's side. */
export async function chooseFile(input?: HTMLInputElement): Promise<string | undefined> {
  if (!isBrowserMode) return (await api['file.pick']({})).path ?? undefined;
  const file = input?.files?.[0];
  if (!file) return undefined;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return (await api['file.stage']({ name: file.name, base64: btoa(binary) })).path;
}

export function FilePicker({ label, onPath }: { label: string; onPath: (path: string) => void }) {
  if (isBrowserMode) return <input type="file" aria-label={label} onChange={(e) => void chooseFile(e.target).then((p) => p && onPath(p))} />;
  return <button type="button" onClick={() => void chooseFile().then((p) => p && onPath(p))}>{label}</button>;
}

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
      <div role="radiogroup" aria-label="Body type" className="row">
        {MODES.map((m) => <label key={m}><input type="radio" name="body-mode" checked={body.mode === m} onChange={() => setMode(m)} /> {m}</label>)}
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
        <div className="row"><FilePicker label="Choose body file" onPath={(path) => onChange({ ...body, path })} /> <code>{body.path || 'no file chosen'}</code></div>
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
                : <><FilePicker label={`Part file ${i + 1}`} onPath={(path) => set(i, { ...f, path })} /> <code>{f.path}</code></>}</td>
              <td><button type="button" aria-label={`Remove part ${i + 1}`} onClick={() => onChange(fields.filter((_, j) => j !== i))}>×</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => onChange([...fields, { kind: 'text', name: '', value: '', enabled: true }])}>Add text part</button>
      <button type="button" onClick={() => onChange([...fields, { kind: 'file', name: 'file', path: '', enabled: true }])}>Add file part</button>
    </div>
  );
}
