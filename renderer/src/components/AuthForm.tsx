import type { Auth, AuthType } from '../../../shared/model';
import { Select } from '../ui';
import { AUTH_FIELDS, SCHEME_LABELS, blankAuth, isSecretField } from '../lib/auth-fields';

export interface AuthFormProps {
  auth: Auth;
  onChange: (auth: Auth) => void;
  /** Which types to offer (a profile binding offers no inherit/profile). */
  types: readonly AuthType[];
  idPrefix: string;
  /** Profile slot names, for the 'profile' type. */
  profiles?: readonly string[] | undefined;
  /** Stored secret fields show a placeholder instead of a value (values never reach the renderer). */
  storedFields?: ReadonlySet<string> | undefined;
}

/** Every scheme's form from its field list; secret fields are password inputs. */
export function AuthForm({ auth, onChange, types, idPrefix, profiles = [], storedFields }: AuthFormProps) {
  const record = auth as Record<string, unknown>;
  const set = (name: string, value: unknown): void => onChange({ ...auth, [name]: value } as Auth);
  return (
    <div className="auth-form">
      <label>Type{' '}
        <Select label={`${idPrefix} type`} value={auth.type} onChange={(t) => onChange(blankAuth(t))} options={types.map((t) => ({ value: t, label: SCHEME_LABELS[t] }))} />
      </label>
      {auth.type === 'profile' ? (
        <label>Profile{' '}
          <Select label={`${idPrefix} profile`} value={auth.profile} onChange={(p) => set('profile', p)} placeholder="(choose)"
            options={[{ value: '', label: '(choose)' }, ...profiles.map((p) => ({ value: p, label: p }))]} />
        </label>
      ) : AUTH_FIELDS[auth.type].map((f) => {
        const label = `${idPrefix} ${f.label}`;
        const v = record[f.name];
        if (f.kind === 'select') {
          return <label key={f.name}>{f.label}{' '}<Select label={label} value={typeof v === 'string' ? v : ''} onChange={(o) => set(f.name, o === '' ? undefined : o)} options={(f.options ?? []).map((o) => ({ value: o, label: o || '(from challenge)' }))} /></label>;
        }
        if (f.kind === 'checkbox') return <label key={f.name}><input type="checkbox" aria-label={label} checked={v === true} onChange={(e) => set(f.name, e.target.checked)} /> {f.label}</label>;
        if (f.kind === 'number') return <label key={f.name}>{f.label}{' '}<input type="number" aria-label={label} value={typeof v === 'number' ? v : ''} onChange={(e) => set(f.name, Number(e.target.value))} /></label>;
        const secret = isSecretField(auth.type, f.name);
        const placeholder = secret && storedFields?.has(f.name) ? '•••••• (stored; type to replace)' : '';
        if (f.kind === 'textarea' && !secret) return <label key={f.name}>{f.label}<textarea aria-label={label} value={typeof v === 'string' ? v : ''} onChange={(e) => set(f.name, e.target.value)} /></label>;
        return <label key={f.name}>{f.label}{' '}<input type={secret ? 'password' : 'text'} aria-label={label} autoComplete="off" placeholder={placeholder} value={typeof v === 'string' ? v : ''} onChange={(e) => set(f.name, e.target.value)} /></label>;
      })}
    </div>
  );
}
