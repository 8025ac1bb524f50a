import { SECRET_AUTH_FIELDS, type Auth } from '../../../shared/model';

/** `{{a}}`, `{{a}}{{b}}`: text made only of variable references holds no secret itself. */
const REFERENCES_ONLY = /^(\s*\{\{[^{}]+\}\}\s*)+$/;

export function isReferenceOnly(value: string): boolean {
  return REFERENCES_ONLY.test(value);
}

/** The secret fields of an auth whose values are literal secrets (not empty, not only references). */
export function literalSecretFields(auth: Auth): string[] {
  const record = auth as Record<string, unknown>;
  return SECRET_AUTH_FIELDS[auth.type].filter((f) => {
    const v = record[f];
    return typeof v === 'string' && v !== '' && !isReferenceOnly(v);
  });
}

/** The store key of a profile's secret field: `<slot>.<field>`, e.g. `Admin.password`. */
export function profileSecretKey(profile: string, field: string): string {
  return `${profile}.${field}`;
}
