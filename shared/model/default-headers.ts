import { version } from '../../package.json';

/**
 * Headers every request carries unless the user sets the same header or switches the row off,
 * as Postman and Insomnia do: many APIs and WAFs refuse a request without a User-Agent.
 * `setting` is the key under `settings.defaultHeaders` that switches the row off (false).
 */
export const DEFAULT_HEADERS = [
  { setting: 'userAgent', name: 'User-Agent', value: `Keyhole/${version}` },
  { setting: 'accept', name: 'Accept', value: '*/*' },
] as const;
export type DefaultHeaderSetting = (typeof DEFAULT_HEADERS)[number]['setting'];

/** The default headers a request sends, given its effective switches and its own header names. */
export function defaultHeadersFor(switches: Partial<Record<DefaultHeaderSetting, boolean>> | undefined, ownNames: readonly string[]): [string, string][] {
  const own = new Set(ownNames.map((n) => n.toLowerCase()));
  const out: [string, string][] = [];
  for (const h of DEFAULT_HEADERS) {
    if (switches?.[h.setting] === false || own.has(h.name.toLowerCase())) continue;
    out.push([h.name, h.value]);
  }
  return out;
}
