import { explainExchanges } from '../../shared/inspector';
import type { Exchange } from '../../shared/model';
import type { Diagnosis } from '../engine/runner';

/** The explainer's primary finding for one refused exchange, as the runner prints it. */
export function diagnoseExchange(exchange: Exchange): Diagnosis | undefined {
  const report = explainExchanges([exchange], {});
  const first = report.entries[0]?.findings[0];
  if (!first) return undefined;
  return { id: first.id, title: first.title, confidence: first.confidence, fix: first.fixes[0] };
}
