import { redactor } from '../../shared/mask';
import { explainIfRefused, type Finding } from '../../shared/inspector';
import type { Exchange } from '../../shared/model';
import type { Diagnosis } from '../engine/runner';

/**
 * The explainer's findings for one refused exchange (401/403/407, a WebSocket closed with 1008, a
 * GraphQL answer whose errors refuse; none otherwise). It is given the exchange as sent, so it can read the token's claims; the explainer masks the
 * credentials it quotes, and `secrets` (the session's secret values) are masked on top.
 */
export function explainRefusal(exchange: Exchange, secrets: readonly string[] = []): Finding[] {
  const findings = explainIfRefused(exchange)?.findings ?? [];
  if (secrets.length === 0) return findings;
  const mask = redactor(secrets);
  return findings.map((f) => ({ ...f, title: mask(f.title), evidence: f.evidence.map(mask), fixes: f.fixes.map(mask) }));
}

/** The explainer's primary finding for one refused exchange, as the runner and `keyhole send` print it. */
export function diagnoseExchange(exchange: Exchange, secrets: readonly string[] = []): Diagnosis | undefined {
  const first = explainRefusal(exchange, secrets)[0];
  if (!first) return undefined;
  return { id: first.id, title: first.title, confidence: first.confidence, fix: first.fixes[0] };
}
