/**
 * `date.toISOString()` for the timestamps every exchange carries, without its cost per call: the
 * text up to the seconds is worked out once per second and the milliseconds appended. Dates outside
 * years 0000-9999 (whose ISO form is longer) go through toISOString itself.
 */
let second = Number.NaN;
let prefix = '';
const LAST_MS = 253402300799999; // 9999-12-31T23:59:59.999Z

export function isoTime(date: Date): string {
  const ms = date.getTime();
  if (!(ms >= 0 && ms <= LAST_MS)) return date.toISOString();
  const s = Math.floor(ms / 1000);
  if (s !== second) {
    prefix = new Date(s * 1000).toISOString().slice(0, 20);
    second = s;
  }
  const rest = ms - s * 1000;
  return `${prefix}${rest < 10 ? '00' : rest < 100 ? '0' : ''}${rest}Z`;
}
