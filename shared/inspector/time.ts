/** Human phrasing of instants and durations, shared by the JWT claims view and the explainer. */

/** ISO 8601 to the second ("2026-11-20T09:23:00Z"): NumericDate has no sub-second part. */
export function isoSeconds(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? 'an impossible date' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "45 seconds", "7 minutes", "2 hours", "3 days": rounded down to the largest sensible unit. */
export function duration(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const unit = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (s < 120) return unit(s, 'second');
  if (s < 2 * 3600) return unit(Math.floor(s / 60), 'minute');
  if (s < 2 * 86400) return unit(Math.floor(s / 3600), 'hour');
  return unit(Math.floor(s / 86400), 'day');
}

/** "7 minutes before the reference time" (the noun names what the reference is: "the request"). */
export function relative(ms: number, refMs: number, refNoun = 'the reference time'): string {
  const diff = ms - refMs;
  if (Math.abs(diff) < 1000) return `at ${refNoun}`;
  return `${duration(diff)} ${diff < 0 ? 'before' : 'after'} ${refNoun}`;
}

/** Parses an ISO 8601 or HTTP date; undefined when it is not one. */
export function parseTime(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}
