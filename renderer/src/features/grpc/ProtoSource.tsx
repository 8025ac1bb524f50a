import { useId, useState } from 'react';
import type { GrpcProtoSource } from '../../../../shared/model';

/**
 * Where the services come from: the server's reflection, or .proto files of the collection folder
 * with the folders their imports are looked up in (protoc's -I), in order.
 */
export function ProtoSource({ value, onChange }: { value: GrpcProtoSource; onChange: (v: GrpcProtoSource) => void }) {
  const name = useId();
  const files = value.type === 'files' ? value.files : [];
  const importPaths = value.type === 'files' ? value.importPaths : [];
  return (
    <div className="grpc-source">
      <div role="radiogroup" aria-label="Proto source" className="row">
        <label><input type="radio" name={name} checked={value.type === 'reflection'} onChange={() => onChange({ type: 'reflection' })} /> Server reflection</label>
        <label><input type="radio" name={name} checked={value.type === 'files'} onChange={() => onChange({ type: 'files', files: files.length > 0 ? files : ['service.proto'], importPaths })} /> .proto files</label>
      </div>
      {value.type === 'reflection'
        ? <p className="muted">The services are asked of the server (grpc.reflection.v1, else v1alpha), with this request's metadata, auth and TLS settings.</p>
        : (
          <>
            <p className="muted">Paths are relative to the collection folder, and must stay inside it. An <code>import "a/b.proto"</code> is looked up in each import path in order, then beside the importing file.</p>
            <PathList label="Proto files" placeholder="protos/api/v1/service.proto" paths={files} min={1} onChange={(f) => onChange({ type: 'files', files: f, importPaths })} />
            <PathList label="Import paths" placeholder="protos" paths={importPaths} min={0} onChange={(p) => onChange({ type: 'files', files, importPaths: p })} />
          </>
        )}
    </div>
  );
}

/** A list of paths: each editable and removable, and one more added from the field below. */
function PathList({ label, placeholder, paths, min, onChange }: { label: string; placeholder: string; paths: string[]; min: number; onChange: (p: string[]) => void }) {
  const [next, setNext] = useState('');
  const add = (): void => {
    if (next.trim() === '') return;
    onChange([...paths, next.trim()]);
    setNext('');
  };
  const one = label.replace(/s$/, '').toLowerCase();
  return (
    <fieldset className="grpc-paths">
      <legend>{label}</legend>
      <ul aria-label={label}>
        {paths.map((p, i) => (
          <li key={i} className="row">
            <input className="grow" aria-label={`${label} ${i + 1}`} value={p} onChange={(e) => onChange(paths.map((x, j) => (j === i ? e.target.value : x)))} />
            <button type="button" aria-label={`Remove ${p}`} disabled={paths.length <= min} title={paths.length <= min ? `At least ${min} ${one} is needed` : undefined}
              onClick={() => onChange(paths.filter((_, j) => j !== i))}>×</button>
          </li>
        ))}
      </ul>
      <div className="row">
        <input className="grow" aria-label={`New ${one}`} placeholder={placeholder} value={next} onChange={(e) => setNext(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') add(); }} />
        <button type="button" aria-label={`Add ${one}`} disabled={next.trim() === ''} onClick={add}>Add</button>
      </div>
    </fieldset>
  );
}
