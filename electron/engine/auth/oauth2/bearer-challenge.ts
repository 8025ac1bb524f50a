import { bearerView, parseChallenges } from '../../../../shared/inspector/challenge';
import type { HeaderList } from '../../../../shared/model';

/** The `error` of a Bearer challenge (RFC 6750 §3) among the response's WWW-Authenticate headers. */
export function bearerError(headers: HeaderList): string | undefined {
  const values = headers.filter(([name]) => name.toLowerCase() === 'www-authenticate').map(([, v]) => v);
  if (values.length === 0) return undefined;
  for (const c of parseChallenges(values).challenges) {
    if (c.schemeKey === 'bearer') {
      const { error } = bearerView(c);
      if (error) return error;
    }
  }
  return undefined;
}
