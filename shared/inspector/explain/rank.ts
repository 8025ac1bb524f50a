import { redact } from '../../mask';
import type { Finding, FindingId } from '../report';

/**
 * Orders findings most likely first. Equal confidence falls back to a fixed order: the more
 * specific diagnosis (the one that names a defect) before the generic one.
 */
const SPECIFICITY: FindingId[] = [
  'proxy-auth-required', 'blocked-by-network-policy', 'credentials-dropped-on-redirect', 'token-signature-invalid',
  'token-malformed', 'malformed-basic-credentials', 'digest-stale-nonce', 'token-expired', 'token-not-yet-valid',
  'insufficient-scope', 'token-audience-mismatch', 'token-issuer-mismatch', 'scheme-mismatch', 'api-key-misplaced',
  'session-expired', 'session-missing', 'no-credentials', 'authenticated-but-forbidden', 'challenge-missing', 'credentials-rejected',
];

/** mask.ts redact, but only for texts that hold a secret: most evidence holds none. */
function redactIfNeeded(text: string, secrets: readonly string[]): string {
  return secrets.some((s) => s.length >= 4 && text.includes(s)) ? redact(text, secrets) : text;
}

export function rank(findings: readonly Finding[], secrets: readonly string[]): Finding[] {
  const best = new Map<FindingId, Finding>();
  for (const f of findings) {
    const seen = best.get(f.id);
    if (!seen) best.set(f.id, f);
    else if (f.confidence > seen.confidence) best.set(f.id, { ...f, evidence: unique([...f.evidence, ...seen.evidence]) });
  }
  const ordered = [...best.values()].sort((a, b) => b.confidence - a.confidence || SPECIFICITY.indexOf(a.id) - SPECIFICITY.indexOf(b.id));
  // Last line of defence: whatever a rule quoted, no credential value leaves unmasked.
  return ordered.map((f) => ({
    ...f,
    title: redactIfNeeded(f.title, secrets),
    evidence: unique(f.evidence).map((e) => redactIfNeeded(e, secrets)),
    fixes: f.fixes.map((x) => redactIfNeeded(x, secrets)),
  }));
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
