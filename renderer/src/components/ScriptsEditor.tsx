import { useState } from 'react';
import type { Request } from '../../../shared/model';
import { CodeEditor } from './CodeEditor';

type Scripts = NonNullable<Request['scripts']>;
const KINDS = [
  { id: 'preRequest', label: 'Pre-request', hint: 'Runs before the request is sent: set variables, edit pm.request, or pm.execution.skipRequest().' },
  { id: 'test', label: 'Tests', hint: 'Runs on the response: pm.test("name", () => pm.response.to.have.status(200)).' },
] as const;

/**
 * The request's own pre-request and test scripts, in Monaco with the `pm` declarations. Folder
 * and collection scripts still run around them (in Postman's order) when the request is sent.
 */
export function ScriptsEditor({ scripts, onChange }: { scripts: Request['scripts']; onChange: (s: Scripts | undefined) => void }) {
  const [kind, setKind] = useState<(typeof KINDS)[number]['id']>(scripts?.test?.trim() && !scripts.preRequest?.trim() ? 'test' : 'preRequest');
  const current = KINDS.find((k) => k.id === kind) ?? KINDS[0];
  const set = (text: string): void => {
    const next: Scripts = { ...scripts, [kind]: text };
    // An emptied script leaves the request without a scripts object, as it was before.
    onChange(next.preRequest?.trim() || next.test?.trim() ? next : undefined);
  };
  return (
    <div className="scripts">
      <div role="radiogroup" aria-label="Script" className="row">
        {KINDS.map((k) => (
          <label key={k.id}>
            <input type="radio" name="script-kind" checked={kind === k.id} onChange={() => setKind(k.id)} /> {k.label}{scripts?.[k.id]?.trim() ? ' •' : ''}
          </label>
        ))}
      </div>
      <p className="muted">{current.hint}</p>
      <CodeEditor key={kind} label={`${current.label} script`} language="javascript" value={scripts?.[kind] ?? ''} onChange={set} height={200} />
    </div>
  );
}
