import { maskHeaderValue } from '../../mask';
import type { Finding, FindingId } from '../report';

/** Builders shared by the rules, so every finding quotes headers the same (masked) way. */

export function finding(id: FindingId, confidence: number, title: string, evidence: (string | undefined | false)[], fixes: string[]): Finding {
  return {
    id,
    confidence: Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100,
    title,
    evidence: evidence.filter((e): e is string => typeof e === 'string' && e !== ''),
    fixes,
  };
}

/** `Name: value` with credential values masked (scheme word kept). */
export function quote(name: string, value: string): string {
  return `${name}: ${maskHeaderValue(name, value)}`;
}

export function clip(text: string, max = 200): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Lower-case word search with word boundaries, for what servers say. */
export function says(text: string, pattern: RegExp): boolean {
  return pattern.test(text);
}
