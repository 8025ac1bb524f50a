import { join } from 'node:path';
import { openSession, type Session } from '../session';
import type { ApiHost } from './host';
import type { CollectionFolders } from './collections';

interface Entry {
  session: Promise<Session>;
  abort: AbortController;
  collectionId: string | undefined;
}

/**
 * One engine session per (collection, environment), kept between sends so cookies, Digest nonces
 * and OAuth tokens carry over as a user expects. Saving a collection or environment drops its
 * sessions (they read the files when opened). Cancelling one send uses that send's own signal
 * (session.send's last argument), so the session and its caches outlive a cancel.
 */
export class Sessions {
  private readonly open = new Map<string, Entry>();

  constructor(private readonly host: ApiHost, private readonly folders: CollectionFolders) {}

  get(collectionId: string | undefined, environment: string | undefined): { session: Promise<Session>; abort: AbortController } {
    const key = `${collectionId ?? ''}\u0000${environment ?? ''}`;
    const hit = this.open.get(key);
    if (hit && !hit.abort.signal.aborted) return hit;
    const abort = new AbortController();
    const session = this.openDetached(collectionId, environment, abort.signal);
    const entry: Entry = { session, abort, collectionId };
    // A session that failed to open (unknown environment) must not be cached.
    session.catch(() => { if (this.open.get(key) === entry) this.open.delete(key); });
    this.open.set(key, entry);
    return entry;
  }

  /**
   * A session of its own, not cached (a collection run: its scripts' variable writes stay in the
   * run). It shares the cookie jar files and the OAuth token cache with the cached sessions.
   */
  openDetached(collectionId: string | undefined, environment: string | undefined, signal?: AbortSignal): Promise<Session> {
    const collectionDir = collectionId === undefined ? undefined : this.folders.dirOf(collectionId);
    return openSession({
      collectionDir,
      environment: collectionDir === undefined ? undefined : environment,
      secrets: this.host.secrets,
      stateDir: this.host.stateDir === undefined ? undefined : join(this.host.stateDir, collectionId ?? '_adhoc'),
      tempDir: this.host.tempDir,
      now: this.host.now,
      send: this.host.send,
      signal,
      openBrowser: this.host.openExternal,
    });
  }

  /** Closes (saving cookie jars) and forgets the sessions of a collection, or every session. */
  async drop(collectionId?: string): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const [key, entry] of this.open) {
      if (collectionId !== undefined && entry.collectionId !== collectionId) continue;
      this.open.delete(key);
      closing.push(entry.session.then((s) => s.close(), () => undefined));
    }
    await Promise.all(closing);
  }
}
