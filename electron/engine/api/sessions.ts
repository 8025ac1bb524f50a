import { join } from 'node:path';
import type { FileAccess } from '../../../shared/model/file-access';
import { APP_ALLOW_HOW, filePolicy, type FilePolicy } from '../execute/file-policy';
import { openSession, type Session } from '../session';
import { loadFileAccess, saveFileAccess } from '../workspace/state';
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
  /** Grants of collections when the host keeps no state folder: for the process's lifetime. */
  private readonly grants = new Map<string, FileAccess>();

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
  async openDetached(collectionId: string | undefined, environment: string | undefined, signal?: AbortSignal): Promise<Session> {
    const collectionDir = collectionId === undefined ? undefined : this.folders.dirOf(collectionId);
    const access = collectionId === undefined ? undefined : await this.fileAccess(collectionId);
    return openSession({
      collectionDir,
      environment: collectionDir === undefined ? undefined : environment,
      secrets: this.host.secrets,
      stateDir: this.stateDirOf(collectionId),
      tempDir: this.host.tempDir,
      now: this.host.now,
      send: this.host.send,
      signal,
      openBrowser: this.host.openExternal,
      // Files the user handed to this app for upload (a browser's file input) are theirs to send.
      files: { allowOutside: access?.allowFilesOutside, alsoWithin: [join(this.host.tempDir, 'staged')], allowHow: APP_ALLOW_HOW },
    });
  }

  /** What the user allowed this collection beyond its folder (kept with its cookie jars, outside the collection). */
  async fileAccess(collectionId: string): Promise<FileAccess> {
    const dir = this.stateDirOf(collectionId);
    return dir === undefined ? this.grants.get(collectionId) ?? { allowFilesOutside: false } : loadFileAccess(dir);
  }

  /** Where a collection's requests may read files from (uploads, SDL schema files); none for ad-hoc requests. */
  async filePolicyOf(collectionId: string | undefined): Promise<FilePolicy | undefined> {
    if (collectionId === undefined) return undefined;
    const access = await this.fileAccess(collectionId);
    return filePolicy(this.folders.dirOf(collectionId), { allowOutside: access.allowFilesOutside, allowHow: APP_ALLOW_HOW });
  }

  /** Records the user's grant; the collection's open sessions close so the next send follows it. */
  async setFileAccess(collectionId: string, access: FileAccess): Promise<void> {
    const dir = this.stateDirOf(collectionId);
    if (dir === undefined) this.grants.set(collectionId, access);
    else await saveFileAccess(dir, access);
    await this.drop(collectionId);
  }

  private stateDirOf(collectionId: string | undefined): string | undefined {
    return this.host.stateDir === undefined ? undefined : join(this.host.stateDir, collectionId ?? '_adhoc');
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
