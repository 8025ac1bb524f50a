import { SECRET_AUTH_FIELDS, type Auth, type Variable } from '../../../shared/model';

/** What an export left out or let through, for the report. */
export interface SecretLedger {
  /** Places whose secret value was replaced by an empty placeholder. */
  blanked: string[];
  /** Places whose secret value was exported because includeSecrets was asked. */
  included: string[];
}

export const newLedger = (): SecretLedger => ({ blanked: [], included: [] });

/**
 * The auth with its secret fields (SECRET_AUTH_FIELDS) emptied, unless includeSecrets. A value
 * that is only a {{variable}} reference is no secret itself and is kept, so the export still says
 * where the secret comes from.
 */
export function scrubAuth<A extends Auth>(auth: A, place: string, includeSecrets: boolean, ledger: SecretLedger): A {
  const fields = SECRET_AUTH_FIELDS[auth.type];
  if (fields.length === 0) return auth;
  const out: Record<string, unknown> = { ...auth };
  for (const f of fields) {
    const v = out[f];
    if (typeof v !== 'string' || v === '' || /^\{\{[^{}]+\}\}$/.test(v.trim())) continue;
    if (includeSecrets) ledger.included.push(`${place}.${f}`);
    else { out[f] = ''; ledger.blanked.push(`${place}.${f}`); }
  }
  return out as A;
}

export function scrubVariables(vars: readonly Variable[], place: string, includeSecrets: boolean, ledger: SecretLedger): Variable[] {
  return vars.map((v) => {
    if (!v.secret || v.value === '') return v;
    if (includeSecrets) { ledger.included.push(`${place}.${v.key}`); return v; }
    ledger.blanked.push(`${place}.${v.key}`);
    return { ...v, value: '' };
  });
}

export function secretWarning(ledger: SecretLedger): string[] {
  return ledger.included.length > 0
    ? [`This export contains ${ledger.included.length} secret value(s) in clear text (${ledger.included.join(', ')}): share it only where those secrets may go.`]
    : [];
}
