import { useEffect, useState } from 'react';
import type { Snippet, SnippetLang } from '../../../../shared/ipc';
import { Button, Modal, Select } from '../../ui';
import { errorText, LANGS, snippetOf, type CodeSource } from './code-source';
import './response.css';

/**
 * "Generate code": the request in any language the engine's httpsnippet targets know. Secrets are
 * <placeholders> unless the user ticks "Include secrets" (for a tab only: history keeps none).
 */
export function CodeDialog({ source, onClose, initial = 'curl' }: { source: CodeSource; onClose: () => void; initial?: SnippetLang }) {
  const [lang, setLang] = useState<SnippetLang>(initial);
  const [secrets, setSecrets] = useState(false);
  const [snippet, setSnippet] = useState<Snippet | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [copied, setCopied] = useState('');
  useEffect(() => {
    let live = true;
    setError(undefined);
    snippetOf(source, lang, secrets).then((s) => { if (live) setSnippet(s); }, (e: unknown) => { if (live) { setSnippet(undefined); setError(errorText(e)); } });
    return () => { live = false; };
  }, [source, lang, secrets]);
  const copy = (): void => {
    if (!snippet) return;
    navigator.clipboard.writeText(snippet.output).then(() => setCopied('Copied'), (e: unknown) => setCopied(`Could not copy: ${String(e)}`));
  };
  return (
    <Modal title="Generate code" onCancel={onClose} wide description={source.kind === 'history' ? 'The request of this history entry, as it was composed.' : 'The request as Send would send it: variables filled in, the effective auth applied.'}>
      <div className="code-gen">
        <div className="row">
          <label>Language{' '}
            <Select<SnippetLang> label="Language" value={lang} onChange={setLang} options={LANGS.map((l) => ({ value: l.id, label: l.label }))} />
          </label>
          {source.kind === 'tab' && <label><input type="checkbox" checked={secrets} onChange={(e) => setSecrets(e.target.checked)} /> Include secrets</label>}
          <span className="grow" />
          <span role="status" className="muted">{copied}</span>
          <Button variant="primary" disabled={!snippet} title={snippet ? undefined : 'No code to copy yet'} onClick={copy}>Copy</Button>
        </div>
        {error && <p role="alert" className="bad">{error}</p>}
        {snippet && <pre aria-label="Generated code" tabIndex={0}><code>{snippet.output}</code></pre>}
        {snippet && snippet.secretsBlanked.length > 0 && <p className="muted">Placeholders instead of secrets: {snippet.secretsBlanked.join(', ')}.</p>}
        {snippet?.notes.map((n) => <p key={n} className="warn">{n}</p>)}
      </div>
    </Modal>
  );
}
