import type { Auth, AuthType } from '../../../shared/model';
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
        <select aria-label={`${idPrefix} type`} value={auth.type} onChange={(e) => onChange(blankAuth(e.target.value as AuthType))}>
          {types.map((t) => <option key={t} value={t}>{SCHEME_LABELS[t]}</option>)}
        </select>
      </label>
      {auth.type === 'profile' ? (
        <label>Profile{' '}
          <select aria-label={`${idPrefix} profile`} value={auth.profile} onChange={(e) => set('profile', e.target.value)}>
            <option value="">(choose)</option>
            {profiles.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
      ) : AUTH_FIELDS[auth.type].map((f) => {
        const label = `${idPrefix} ${f.label}`;
        const v = record[f.name];
        if (f.kind === 'select') {
          return <label key={f.name}>{f.label}{' '}<select aria-label={label} value={typeof v === 'string' ? v : ''} onChange={(e) => set(f.name, e.target.value === '' ? undefined : e.target.value)}>{f.options?.map((o) => <option key={o} value={o}>{o || '(from challenge)'}</option>)}</select></label>;
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
