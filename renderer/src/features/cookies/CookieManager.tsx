import { useCallback, useEffect, useState } from 'react';
import type { CookieInfo } from '../../../../shared/model';
import { api } from '../../lib/api';
import { useStore } from '../../lib/store';
import { collectionById, environmentOf, workspace } from '../../state/workspace';
import { askChoice } from '../../ui/ask';
import { Modal, Select } from '../../ui';
import { errorText } from '../response/code-source';
import '../response/response.css';

type Key = { domain: string; path: string; name: string };
const keyOf = (c: CookieInfo): Key => ({ domain: c.domain, path: c.path, name: c.name });
const EMPTY: CookieInfo = { name: '', value: '', domain: '', path: '/', secure: false, httpOnly: false };

/**
 * The cookie jar of one environment of a collection (each environment keeps its own, as the
 * engine does): view, add, edit, delete, clear. Values arrive masked; Reveal asks the engine for
 * one. Changes apply to the next send and are written to the jar's file at once.
 */
export function CookieManager({ collectionId, onClose }: { collectionId: string | undefined; onClose: () => void }) {
  const wc = useStore(workspace, (s) => collectionById(collectionId, s));
  const [environment, setEnvironment] = useState<string | undefined>(() => environmentOf(collectionId));
  const [cookies, setCookies] = useState<CookieInfo[] | undefined>();
  const [editing, setEditing] = useState<{ cookie: CookieInfo; previous?: Key } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const jar = { ...(wc ? { collectionId: wc.id } : {}), ...(environment ? { environment } : {}) };
  const jarKey = JSON.stringify(jar);

  const load = useCallback(() => {
    api['cookies.list'](JSON.parse(jarKey) as typeof jar).then((c) => { setCookies(c); setError(undefined); }, (e: unknown) => setError(errorText(e)));
  }, [jarKey]);
  useEffect(load, [load]);

  const act = (p: Promise<unknown>): void => { p.then(() => { setEditing(undefined); load(); }, (e: unknown) => setError(errorText(e))); };
  const edit = async (c: CookieInfo): Promise<void> => {
    try {
      const { value } = await api['cookies.reveal']({ ...jar, cookie: keyOf(c) });
      setEditing({ cookie: { ...c, value: value ?? '' }, previous: keyOf(c) });
    } catch (e) { setError(errorText(e)); }
  };
  const clear = async (): Promise<void> => {
    const choice = await askChoice({
      title: 'Clear cookies', message: `Remove all ${cookies?.length ?? 0} cookies of ${environment ? `environment “${environment}”` : 'the requests sent without an environment'}?`,
      choices: [{ id: 'cancel', label: 'Cancel' }, { id: 'clear', label: 'Clear cookies', tone: 'danger' }], cancel: 'cancel', primary: 'clear',
    });
    if (choice === 'clear') act(api['cookies.clear'](jar));
  };
  const envs = wc?.environments.map((e) => e.name) ?? [];
  return (
    <Modal title="Cookies" onCancel={onClose} wide description="The cookie jar Keyhole keeps per environment: what it sends with each request to a matching domain and path.">
      <div className="cookie-manager">
        <div className="row">
          <label>Environment{' '}
            <Select label="Cookie jar of environment" value={environment ?? ''} onChange={(n) => setEnvironment(n === '' ? undefined : n)}
              options={[{ value: '', label: 'No environment' }, ...envs.map((n) => ({ value: n, label: n }))]} />
          </label>
          <span className="grow" />
          <button type="button" onClick={() => setEditing({ cookie: { ...EMPTY } })}>Add cookie</button>
          <button type="button" className="danger" disabled={!cookies || cookies.length === 0} title={cookies?.length ? undefined : 'The jar is empty'} onClick={() => void clear()}>Clear jar</button>
        </div>
        {error && <p role="alert" className="bad">{error}</p>}
        {cookies === undefined ? <p aria-busy="true">Loading…</p> : cookies.length === 0 ? <p className="muted">No cookies in this jar. Responses with Set-Cookie fill it; or add one.</p> : (
          <table className="kv compact" aria-label="Cookies">
            <thead><tr><th scope="col">Name</th><th scope="col">Value</th><th scope="col">Domain</th><th scope="col">Path</th><th scope="col">Expires</th><th scope="col">Flags</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {cookies.map((c) => (
                <tr key={`${c.domain} ${c.path} ${c.name}`}>
                  <th scope="row">{c.name}</th><td><CookieValue c={c} reveal={() => api['cookies.reveal']({ ...jar, cookie: keyOf(c) }).then((r) => r.value ?? '')} /></td><td>{c.domain}</td><td>{c.path}</td>
                  <td>{c.expires ? new Date(c.expires).toLocaleString() : 'session'}</td>
                  <td>{[c.secure && 'Secure', c.httpOnly && 'HttpOnly', c.sameSite && `SameSite=${c.sameSite}`].filter(Boolean).join(' ')}</td>
                  <td>
                    <button type="button" aria-label={`Edit cookie ${c.name}`} onClick={() => void edit(c)}>Edit</button>{' '}
                    <button type="button" className="danger" aria-label={`Delete cookie ${c.name}`} onClick={() => act(api['cookies.delete']({ ...jar, cookie: keyOf(c) }))}>Delete</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {editing && <CookieForm initial={editing.cookie} onCancel={() => setEditing(undefined)} onSave={(cookie) => act(api['cookies.set']({ ...jar, cookie, ...(editing.previous ? { previous: editing.previous } : {}) }))} />}
      </div>
    </Modal>
  );
}

/** A masked value, revealed by the engine on an explicit click only. */
function CookieValue({ c, reveal }: { c: CookieInfo; reveal: () => Promise<string> }) {
  const [shown, setShown] = useState<string | undefined>();
  return (
    <>
      <code>{shown ?? c.value}</code>{' '}
      {shown === undefined
        ? <button type="button" className="link" aria-label={`Reveal cookie ${c.name}`} onClick={() => void reveal().then(setShown, () => undefined)}>Reveal</button>
        : <button type="button" className="link" aria-label={`Hide cookie ${c.name}`} onClick={() => setShown(undefined)}>Hide</button>}
    </>
  );
}

function CookieForm({ initial, onSave, onCancel }: { initial: CookieInfo; onSave: (c: CookieInfo) => void; onCancel: () => void }) {
  const [c, setC] = useState(initial);
  const problem = c.name.trim() === '' ? 'A cookie needs a name.' : /[;=\s]/.test(c.name) ? 'A name may not hold ";", "=" or spaces.' : c.domain.trim() === '' ? 'A cookie needs a domain.' : undefined;
  const field = (k: 'name' | 'value' | 'domain' | 'path', label: string) => (
    <label>{label} <input aria-label={`Cookie ${k}`} value={c[k]} onChange={(e) => setC({ ...c, [k]: e.target.value })} /></label>
  );
  return (
    <form className="settings grid" aria-label="Cookie" onSubmit={(e) => { e.preventDefault(); if (!problem) onSave(c); }}>
      {field('name', 'Name')}{field('value', 'Value')}{field('domain', 'Domain')}{field('path', 'Path')}
      <label>Expires <input type="datetime-local" aria-label="Cookie expires" value={c.expires ? c.expires.slice(0, 16) : ''} onChange={(e) => setC({ ...c, expires: e.target.value === '' ? undefined : new Date(e.target.value).toISOString() })} /></label>
      <label><input type="checkbox" checked={c.secure} onChange={(e) => setC({ ...c, secure: e.target.checked })} /> Secure</label>
      <label><input type="checkbox" checked={c.httpOnly} onChange={(e) => setC({ ...c, httpOnly: e.target.checked })} /> HttpOnly</label>
      <p className="problem" role="status">{problem ?? ''}</p>
      <div className="row"><button type="submit" className="primary" disabled={problem !== undefined} title={problem}>Save cookie</button><button type="button" onClick={onCancel}>Cancel</button></div>
    </form>
  );
}
