import { useState } from 'react';
import { api } from '../../lib/api';
import { useStore } from '../../lib/store';
import { newCollection } from '../../components/Sidebar';
import { notify, openDialog } from '../../state/ui';
import { loadWorkspace, workspace } from '../../state/workspace';
import './welcome.css';

/** Copies the example collection into the workspace and opens it. */
async function openExample(): Promise<string> {
  const { collectionIds } = await api['workspace.addExample']({});
  await loadWorkspace(collectionIds[0]);
  const said = 'Added the example collection "Keyhole demo": its requests go to `npx keyhole demo-server` on 127.0.0.1:4010.';
  notify(said);
  return said;
}

/**
 * What an empty workspace offers, as the other API clients' first screens do: the example to
 * explore, a new collection, or an import. Gone once the workspace has a collection.
 */
export function Welcome() {
  const empty = useStore(workspace, (s) => s.loaded && s.collections.length === 0);
  const root = useStore(workspace, (s) => s.root);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  if (!empty) return null;
  const example = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try { await openExample(); } catch (e) { setError(e instanceof Error ? e.message : String(e)); } finally { setBusy(false); }
  };
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title">Welcome to Keyhole</h2>
      <p className="muted">This workspace{root ? <> (<code>{root}</code>)</> : null} has no collection yet. Collections are folders of readable files you can keep in git.</p>
      <div className="welcome-choices">
        <button type="button" className="welcome-choice featured" disabled={busy} onClick={() => void example()}>
          <strong>Open the example workspace</strong>
          <span>Requests against <code>npx keyhole demo-server</code>, with auth profiles and refusals the inspector explains.</span>
        </button>
        <button type="button" className="welcome-choice" disabled={busy} onClick={() => void newCollection()}>
          <strong>Create a collection</strong>
          <span>Start empty and save your requests into it.</span>
        </button>
        <button type="button" className="welcome-choice" disabled={busy} onClick={() => openDialog('import')}>
          <strong>Import</strong>
          <span>Postman, Insomnia, OpenAPI, HAR or cURL.</span>
        </button>
      </div>
      {error && <p role="alert" className="bad">{error}</p>}
    </section>
  );
}
