import type { Finding, FindingId } from '../report';
import type { RefusalContext } from './context';

/**
 * One cause, several symptoms: a token minted by another authorization server (another tenant,
 * the staging issuer) carries that server's issuer, its audience, its signing key and its own
 * lifetime, so every check fails at once. Each rule reports its own failure; the fix is one,
 * so the issuer finding is ranked first and the others say they follow from it.
 */

const SYMPTOMS: Partial<Record<FindingId, string>> = {
  'token-audience-mismatch': 'audience',
  'token-signature-invalid': 'signature',
  'token-expired': 'expiry',
  'token-not-yet-valid': 'validity period',
};
const ORDER = ['audience', 'signing key', 'signature', 'expiry', 'validity period'];
const UNKNOWN_KEY = /signature key was not found|no matching key|unknown (kid|key id|signing key)|kid.{0,30}not found|key not found/;

export function relateRootCauses(findings: readonly Finding[], ctx: RefusalContext): Finding[] {
  const issuer = findings.find((f) => f.id === 'token-issuer-mismatch' && f.confidence >= 0.7);
  if (!issuer) return [...findings];
  const followers = findings.filter((f) => SYMPTOMS[f.id] !== undefined && f.confidence >= 0.6);
  const keyUnknown = UNKNOWN_KEY.test(ctx.said);
  const symptoms = [...followers.map((f) => SYMPTOMS[f.id] as string), ...(keyUnknown && !followers.some((f) => f.id === 'token-signature-invalid') ? ['signing key'] : [])]
    .sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  if (symptoms.length === 0) return [...findings];
  const top = Math.max(issuer.confidence, ...followers.map((f) => f.confidence));
  const root = Math.min(0.99, top + 0.01);
  const because = `Follows from the issuer mismatch: a token from the authorization server this API trusts would carry the right ${symptoms.join(', ')}`;
  return findings.map((f) => {
    if (f === issuer) {
      return {
        ...f,
        confidence: root,
        title: `${f.title}; its ${symptoms.join(', ')} fail for the same reason`,
        evidence: [`Root cause: the token came from another authorization server, so its ${symptoms.join(', ')} cannot match this API either`, ...f.evidence],
        fixes: ['Get the token from the authorization server (issuer, tenant) this API trusts: the other errors go with it', ...f.fixes],
      };
    }
    return followers.includes(f) ? { ...f, confidence: Math.min(f.confidence, root - 0.03), evidence: [...f.evidence, because] } : f;
  });
}
