import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { isCredentialName } from '../../../shared/credential-names';
import { SECRET_AUTH_FIELDS, type Request } from '../../../shared/model';
import { UiSession, type LoadedSession, type SessionTab } from '../../../shared/ipc/ui-session';
import type { SecretStore } from '../secrets/types';
import { writeFileAtomic } from '../workspace/atomic-write';
import { nodeFs, readIfExists, type FsLayer } from '../workspace/fs-layer';
import { isReferenceOnly } from '../workspace/secret-fields';

/** The secret store's "environment" for values typed into unsaved drafts. */
export const DRAFT_SECRET_SCOPE = 'keyhole.drafts';

export interface SessionFileOptions {
  stateDir: string;
  /** One session per workspace folder: the file name carries a hash of its absolute path. */
  workspaceRoot: string;
  secrets: SecretStore;
  fs?: FsLayer | undefined;
}

export function sessionFile(o: Pick<SessionFileOptions, 'stateDir' | 'workspaceRoot'>): string {
  const id = createHash('sha256').update(resolve(o.workspaceRoot)).digest('hex').slice(0, 16);
  return join(o.stateDir, `ui-session-${id}.json`);
}

/**
 * A draft field that can hold a secret, with how to read and write it. `redact` is what the file
 * keeps in its place (default: nothing); the store keeps the whole value.
 */
interface Slot { name: string; get: (r: Request) => string | undefined; set: (r: Request, v: string) => Request; redact?: (v: string) => string }

/** `?api_key=abc&page=2` → `?api_key=&page=2`: the URL without the values of credential-named parameters. */
function urlWithoutCredentials(url: string): string {
  return url.replace(/([?&])([^=&#]+)=([^&#]*)/g, (all, sep: string, name: string, value: string) => {
    let key = name;
    try { key = decodeURIComponent(name); } catch { /* a malformed escape is read as written */ }
    return isCredentialName(key) && isLiteral(value) ? `${sep}${name}=` : all;
  });
}

/** The slots of a draft; `kept` names slots whose values the store holds (their field is blank now). */
function slotsOf(r: Request, kept: readonly string[] = []): Slot[] {
  const slots: Slot[] = [];
  if (urlWithoutCredentials(r.url) !== r.url || kept.includes('url')) slots.push({ name: 'url', get: (x) => x.url, set: (x, v) => ({ ...x, url: v }), redact: urlWithoutCredentials });
  slots.push(...SECRET_AUTH_FIELDS[r.auth.type].map((field): Slot => ({
    name: `auth.${field}`,
    get: (x) => { const v = (x.auth as Record<string, unknown>)[field]; return typeof v === 'string' ? v : undefined; },
    set: (x, v) => ({ ...x, auth: { ...x.auth, [field]: v } as Request['auth'] }),
  })));
  r.headers.forEach((h, i) => {
    if (!isCredentialName(h.key)) return;
    slots.push({ name: `header.${i}`, get: (x) => x.headers[i]?.value, set: (x, v) => ({ ...x, headers: x.headers.map((y, j) => (j === i ? { ...y, value: v } : y)) }) });
  });
  r.query.forEach((q, i) => {
    if (!isCredentialName(q.key)) return;
    slots.push({ name: `query.${i}`, get: (x) => x.query[i]?.value, set: (x, v) => ({ ...x, query: x.query.map((y, j) => (j === i ? { ...y, value: v } : y)) }) });
  });
  if (r.settings.proxy?.password || kept.includes('proxy.password')) slots.push({ name: 'proxy.password', get: (x) => x.settings.proxy?.password, set: (x, v) => ({ ...x, settings: { ...x.settings, proxy: { ...x.settings.proxy, password: v } } }) });
  if (r.settings.tls?.passphrase || kept.includes('tls.passphrase')) slots.push({ name: 'tls.passphrase', get: (x) => x.settings.tls?.passphrase, set: (x, v) => ({ ...x, settings: { ...x.settings, tls: { ...x.settings.tls, passphrase: v } } }) });
  return slots;
}

const keyOf = (tabId: string, slot: string): string => `${tabId}/${slot}`;
const isLiteral = (v: string | undefined): v is string => v !== undefined && v !== '' && !isReferenceOnly(v);

/**
 * Writes the session: each draft's secret values into the secret store and out of the file, which
 * is replaced atomically (mode 0600). Values the store cannot keep are dropped, and the tab's
 * `secrets` list does not name them, so loading says they were not kept. Secrets of tabs that are
 * gone are deleted from the store.
 */
export async function saveSession(session: UiSession, o: SessionFileOptions): Promise<void> {
  const fs = o.fs ?? nodeFs;
  const file = sessionFile(o);
  const before = await readSession(fs, file);
  const keep = new Set<string>();
  const tabs: SessionTab[] = [];
  for (const tab of session.tabs) {
    if (!tab.draft) { tabs.push({ ...tab, secrets: [] }); continue; }
    let draft = tab.draft;
    const secrets: string[] = [];
    for (const slot of slotsOf(draft)) {
      const value = slot.get(draft);
      if (!isLiteral(value)) continue;
      draft = slot.set(draft, slot.redact ? slot.redact(value) : '');
      try {
        await o.secrets.set(DRAFT_SECRET_SCOPE, keyOf(tab.id, slot.name), value);
        secrets.push(slot.name);
        keep.add(keyOf(tab.id, slot.name));
      } catch {
        // Not kept: loading tells the user to type it again (the file never holds it).
      }
    }
    tabs.push({ ...tab, draft, secrets, dropped: secrets.length < countLiteral(tab.draft) });
  }
  await fs.mkdir(o.stateDir, 0o700);
  await writeFileAtomic(file, `${JSON.stringify({ ...session, tabs })}\n`, { fs, mode: 0o600 });
  for (const tab of before?.tabs ?? []) {
    for (const slot of tab.secrets) if (!keep.has(keyOf(tab.id, slot))) await o.secrets.delete(DRAFT_SECRET_SCOPE, keyOf(tab.id, slot)).catch(() => undefined);
  }
}

function countLiteral(r: Request): number {
  return slotsOf(r).filter((s) => isLiteral(s.get(r))).length;
}

/** The session with its drafts' secrets put back; notes name what the store no longer had. */
export async function loadSession(o: SessionFileOptions): Promise<LoadedSession> {
  const fs = o.fs ?? nodeFs;
  const raw = await readSession(fs, sessionFile(o));
  if (!raw) return { session: null, notes: {} };
  const notes: Record<string, string[]> = {};
  const tabs: SessionTab[] = [];
  for (const tab of raw.tabs) {
    let draft = tab.draft;
    const missing: string[] = [];
    if (draft) {
      for (const slot of slotsOf(draft, tab.secrets)) {
        if (!tab.secrets.includes(slot.name)) continue;
        const value = await o.secrets.get(DRAFT_SECRET_SCOPE, keyOf(tab.id, slot.name));
        if (value === undefined) missing.push(slot.name);
        else draft = slot.set(draft, value);
      }
    }
    if (missing.length > 0 || tab.dropped) {
      notes[tab.id] = [`Secret values typed in this tab were not kept (${missing.length > 0 ? missing.join(', ') : 'the secret store refused them'}): type them again before sending.`];
    }
    tabs.push({ ...tab, ...(draft ? { draft } : {}) });
  }
  return { session: { ...raw, tabs }, notes };
}

/** A damaged or foreign file reads as no session: the app starts fresh rather than not at all. */
async function readSession(fs: FsLayer, file: string): Promise<UiSession | undefined> {
  const text = await readIfExists(fs, file);
  if (text === undefined) return undefined;
  try {
    const parsed = UiSession.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
