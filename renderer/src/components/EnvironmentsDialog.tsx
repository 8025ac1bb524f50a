import { useEffect, useState } from 'react';
import type { Auth, Environment, Variable } from '../../../shared/model';
import { api } from '../lib/api';
import { SCHEME_LABELS, blankAuth } from '../lib/auth-fields';
import { createStore, useStore } from '../lib/store';
import { askChoice, askText, nameRule } from '../ui/ask';
import { Modal } from '../ui/Modal';
import { X } from 'lucide-react';
import { IconButton } from '../ui';
import { openDialog } from '../state/ui';
import { activeCollection, deleteEnvironment, saveCollection, saveEnvironment, workspace } from '../state/workspace';
import { AuthForm } from './AuthForm';

const BINDABLE = ['none', 'basic', 'bearer', 'apikey', 'digest', 'oauth2', 'jwt', 'awsv4', 'oauth1', 'clientcert'] as const;

/** The editor's unsaved state, so the dialog can ask before closing or switching away from it. */
const editing = createStore<{ dirty: boolean; save: () => Promise<boolean> } | undefined>(undefined);

/** Asks what to do with unsaved environment edits; resolves to whether the caller may go on. */
async function leaveEditor(): Promise<boolean> {
  const e = editing.get();
  if (!e?.dirty) return true;
  const choice = await askChoice({
    title: 'Save environment changes?',
    message: 'This environment has changes that are not saved.',
    choices: [{ id: 'save', label: 'Save', tone: 'primary' }, { id: 'discard', label: "Don't save", tone: 'danger' }, { id: 'cancel', label: 'Cancel' }],
    cancel: 'cancel', primary: 'save',
  });
  if (choice === 'cancel') return false;
  return choice === 'discard' || (await e.save());
}

/**
 * Environments and auth profiles: variables with secrets, profile slots, each environment's bindings,
 * and the matrix. Choosing an environment here opens it for editing only: the one requests send with
 * is chosen in the top bar.
 */
export function EnvironmentsDialog() {
  const wc = useStore(workspace, (s) => activeCollection(s));
  const [selected, setSelected] = useState<string | undefined>(() => workspace.get().environment ?? wc?.environments[0]?.name);
  const [slotName, setSlotName] = useState('');
  if (!wc) return null;
  const env = wc.environments.find((e) => e.name === selected);
  const slots = wc.collection.profiles;
  const pick = async (name: string): Promise<void> => {
    if (name !== selected && (await leaveEditor())) setSelected(name);
  };
  const close = async (): Promise<void> => {
    if (await leaveEditor()) openDialog(undefined);
  };
  const addEnvironment = async (): Promise<void> => {
    if (!(await leaveEditor())) return;
    const name = await askText({ title: 'New environment', label: 'Environment name', confirm: 'Create', validate: nameRule(wc.environments.map((e) => e.name), 'environment', 100) });
    if (!name) return;
    await saveEnvironment({ name, variables: [], profiles: {} });
    setSelected(name);
  };
  const addSlot = async (): Promise<void> => {
    const name = slotName.trim();
    if (!name || slots.some((p) => p.name === name)) return;
    await saveCollection(wc.id, { ...wc.collection, profiles: [...slots, { name, allowedOrigins: [] }] });
    setSlotName('');
  };
  const slotProblem = slotName.trim() !== '' && slots.some((p) => p.name === slotName.trim()) ? `There is already a profile named "${slotName.trim()}".` : undefined;
  return (
    <Modal title="Environments and auth profiles" onCancel={() => void close()} wide>
      <div className="cols">
        <div>
          <ul role="listbox" aria-label="Environments list" className="env-list">
            {wc.environments.map((e) => <li key={e.name} role="option" aria-selected={e.name === selected} tabIndex={0} onClick={() => void pick(e.name)} onKeyDown={(k) => { if (k.key === 'Enter') void pick(e.name); }}>{e.name}</li>)}
          </ul>
          <button type="button" onClick={() => void addEnvironment()}>New environment</button>
          <h3>Profile slots</h3>
          <ul>{slots.map((p) => <li key={p.name}>{p.name}</li>)}</ul>
          <form className="row" onSubmit={(e) => { e.preventDefault(); void addSlot(); }}>
            <input aria-label="New profile name" value={slotName} onChange={(e) => setSlotName(e.target.value)} placeholder="e.g. Admin" aria-invalid={slotProblem ? true : undefined} />
            <button type="submit" disabled={slotName.trim() === '' || slotProblem !== undefined} title={slotName.trim() === '' ? 'Type the profile name first' : slotProblem}>Add profile</button>
          </form>
          {slotProblem && <p role="alert" className="problem">{slotProblem}</p>}
        </div>
        <div className="grow">
          {env ? <EnvironmentEditor key={env.name} env={env} slots={slots.map((s) => s.name)} stored={new Set(wc.storedSecrets[env.name] ?? [])} onDelete={() => void deleteEnvironment(env.name).then(() => setSelected(undefined))} />
            : <p className="muted">Choose or create an environment.</p>}
        </div>
      </div>
      <h3>Profiles × environments</h3>
      <table className="kv compact matrix" aria-label="Profiles by environment">
        <thead><tr><th scope="col">Profile</th>{wc.environments.map((e) => <th key={e.name} scope="col">{e.name}</th>)}</tr></thead>
        <tbody>{slots.map((p) => (
          <tr key={p.name}><th scope="row">{p.name}</th>{wc.environments.map((e) => {
            const a = e.profiles[p.name];
            return <td key={e.name}>{a ? SCHEME_LABELS[a.type] : <span className="warn">unbound</span>}</td>;
          })}</tr>
        ))}</tbody>
      </table>
    </Modal>
  );
}

function EnvironmentEditor({ env, slots, stored, onDelete }: { env: Environment; slots: string[]; stored: ReadonlySet<string>; onDelete: () => void }) {
  const [draft, setDraft] = useState<Environment>(env);
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  // What was last saved from here (or loaded): secrets come back from the engine blank, so the
  // reloaded environment is not the baseline; the draft as saved is.
  const [baseline, setBaseline] = useState(() => JSON.stringify(env));
  const dirty = JSON.stringify(draft) !== baseline;
  const saveDraft = async (): Promise<boolean> => {
    try {
      await saveEnvironment(draft, env.name);
      setBaseline(JSON.stringify(draft));
      setStatus('Saved');
      return true;
    } catch (e) {
      setStatus(e instanceof Error ? e.message : String(e));
      return false;
    }
  };
  useEffect(() => {
    editing.set({ dirty, save: saveDraft });
  });
  useEffect(() => () => editing.set(undefined), []);
  const setVar = (i: number, patch: Partial<Variable>): void => setDraft((d) => ({ ...d, variables: d.variables.map((v, j) => (j === i ? { ...v, ...patch } : v)) }));
  const bind = (slot: string, auth: Auth | undefined): void => setDraft((d) => {
    const profiles = { ...d.profiles };
    if (auth) profiles[slot] = auth; else delete profiles[slot];
    return { ...d, profiles };
  });
  const reveal = async (key: string): Promise<void> => {
    const r = await api['secret.reveal']({ environment: env.name, key });
    setRevealed((x) => ({ ...x, [key]: r.value ?? '(no value stored)' }));
  };
  return (
    <section aria-label={`Environment ${env.name}`}>
      <div className="row"><h3 className="grow">{env.name}</h3><button type="button" className="danger" onClick={onDelete}>Delete environment</button></div>
      <table className="kv" aria-label="Variables">
        <thead><tr><th scope="col">Name</th><th scope="col">Value</th><th scope="col">Secret</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {draft.variables.map((v, i) => (
            <tr key={i}>
              <td><input aria-label={`Variable name ${i + 1}`} value={v.key} onChange={(e) => setVar(i, { key: e.target.value })} /></td>
              <td>
                <input aria-label={`Variable value ${i + 1}`} type={v.secret && revealed[v.key] === undefined ? 'password' : 'text'} value={v.secret && revealed[v.key] !== undefined && v.value === '' ? revealed[v.key] : v.value}
                  placeholder={v.secret && stored.has(v.key) ? '•••••• (stored)' : ''} onChange={(e) => setVar(i, { value: e.target.value })} autoComplete="off" />
              </td>
              <td><input type="checkbox" aria-label={`Secret ${i + 1}`} checked={v.secret} onChange={(e) => setVar(i, { secret: e.target.checked })} /></td>
              <td>
                {v.secret && stored.has(v.key) && <button type="button" onClick={() => void reveal(v.key)}>Reveal</button>}
                <IconButton label={`Remove variable ${i + 1}`} icon={<X size={13} aria-hidden />} onClick={() => setDraft((d) => ({ ...d, variables: d.variables.filter((_, j) => j !== i) }))} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => setDraft((d) => ({ ...d, variables: [...d.variables, { key: `var${d.variables.length + 1}`, value: '', secret: false, enabled: true }] }))}>Add variable</button>
      <h4>Profile bindings</h4>
      {slots.length === 0 && <p className="muted">Add a profile slot first; each environment then binds it to credentials.</p>}
      {slots.map((slot) => {
        const auth = draft.profiles[slot];
        const storedFields = new Set([...stored].filter((k) => k.startsWith(`${slot}.`)).map((k) => k.slice(slot.length + 1)));
        return (
          <fieldset key={slot} aria-label={`Binding of ${slot}`}>
            <legend>{slot}</legend>
            {auth ? <AuthForm idPrefix={`${slot} binding`} auth={auth} types={BINDABLE} onChange={(a) => bind(slot, a)} storedFields={storedFields} />
              : <button type="button" onClick={() => bind(slot, blankAuth('basic'))}>Bind {slot}</button>}
          </fieldset>
        );
      })}
      <div className="row">
        <button type="button" className="primary" onClick={() => void saveDraft()}>Save environment{dirty ? ' •' : ''}</button>
        <span role="status">{status}</span>
      </div>
    </section>
  );
}
