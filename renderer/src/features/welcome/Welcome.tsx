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
      {/* Each choice's button is named by its action alone, so it never shares a name with the top bar's Import or the sidebar's New collection. */}
      <div className="welcome-choices">
        <div className="welcome-choice featured">
          <h3>Explore the example</h3>
          <p>Requests against <code>npx keyhole demo-server</code>, with auth profiles and refusals the inspector explains.</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void example()}>Open the example workspace</button>
        </div>
        <div className="welcome-choice">
          <h3>Start a collection</h3>
          <p>An empty collection to save your requests into.</p>
          <button type="button" disabled={busy} onClick={() => void newCollection()}>Create an empty collection</button>
        </div>
        <div className="welcome-choice">
          <h3>Import</h3>
          <p>A Postman, Insomnia, OpenAPI or HAR file, or a cURL command.</p>
          <button type="button" disabled={busy} onClick={() => openDialog('import')}>Choose a file or paste</button>
        </div>
      </div>
      {error && <p role="alert" className="bad">{error}</p>}
    </section>
  );
}
