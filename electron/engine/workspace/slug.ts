/** Names Windows refuses as file names, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/;

/**
 * A file-system-safe name derived from a display name: lowercase ASCII letters, digits and
 * dashes. The display name itself lives inside the file, so the slug only has to be stable and
 * portable (no case-only differences, no characters Windows or macOS treat specially).
 */
export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  if (s === '') return 'untitled';
  return RESERVED.test(s) ? `${s}-item` : s;
}

/** `base`, or `base-2`, `base-3`... whichever `taken` (lowercase names) does not hold yet; records it. */
export function uniqueName(base: string, suffix: string, taken: Set<string>): string {
  let candidate = `${base}${suffix}`;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${base}-${i}${suffix}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}
