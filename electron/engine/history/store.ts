import { dirname, join } from 'node:path';
import { z } from 'zod';
import { KeyholeError } from '../../../shared/errors';
import type { HistoryItem } from '../../../shared/ipc/workspace-payloads';
import { HistoryEntry, isGrpcRequest, isWebSocketRequest } from '../../../shared/model';
import { writeFileAtomic } from '../workspace/atomic-write';
import { errnoCode, nodeFs, readIfExists, type FsLayer } from '../workspace/fs-layer';

export const HISTORY_FILE = 'history.json';

export interface HistoryStoreOptions {
  /** The host's state folder; absent keeps the history in memory for this process only. */
  stateDir?: string | undefined;
  fs?: FsLayer | undefined;
  /** The newest this many entries are kept. */
  maxEntries?: number | undefined;
  /** The file stays within this many bytes (the newest entry is kept even when it alone is larger). */
  maxBytes?: number | undefined;
  now?: (() => Date) | undefined;
}

export const DEFAULT_MAX_ENTRIES = 500;
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

interface Kept {
  entry: HistoryEntry;
  /** The entry as written: serialised once, however often the file is rewritten. */
  json: string;
  bytes: number;
}

const FileShape = z.object({ version: z.literal(1), entries: z.array(z.unknown()) });
const HEAD = '{"version":1,"entries":[';
const TAIL = ']}\n';

/**
 * The request history: what each send from the app put on the wire (masked) and the request as
 * composed, newest first, bounded by count and bytes (oldest dropped first). It lives in one JSON
 * file in the state folder, readable by its owner only, replaced atomically on each change; writes
 * that pile up while one is in progress become one write of the latest state.
 */
export class HistoryStore {
  private kept: Kept[] = [];
  private bytes = HEAD.length + TAIL.length;
  private loaded: Promise<void> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private readonly fs: FsLayer;
  /** Undefined: memory only (no state folder, or its history file could not be read nor set aside). */
  private file: string | undefined;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly now: () => Date;
  /** Why the file on disk was set aside instead of read (damaged), for the user; undefined when all is well. */
  problem: string | undefined;

  constructor(o: HistoryStoreOptions = {}) {
    this.fs = o.fs ?? nodeFs;
    this.file = o.stateDir === undefined ? undefined : join(o.stateDir, HISTORY_FILE);
    this.maxEntries = o.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
    this.now = o.now ?? (() => new Date());
  }

  /** Adds an entry as the newest and resolves once it is on disk (rejects with 'write-failed'). */
  async add(entry: HistoryEntry): Promise<void> {
    await this.load();
    // Parsed as it will be read back, so a file this store wrote always loads.
    const parsed = HistoryEntry.parse(entry);
    const json = JSON.stringify(parsed);
    this.kept.unshift({ entry: parsed, json, bytes: Buffer.byteLength(json) + 1 });
    this.bytes += this.kept[0]?.bytes ?? 0;
    this.trim();
    await this.persist();
  }

  /** Summaries, newest first; with a query, the entries matching every word of it. */
  async list(query = ''): Promise<HistoryItem[]> {
    await this.load();
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const out: HistoryItem[] = [];
    for (const { entry } of this.kept) if (words.length === 0 || matches(entry, words)) out.push(summaryOf(entry));
    return out;
  }

  async get(id: string): Promise<HistoryEntry> {
    await this.load();
    const hit = this.kept.find((k) => k.entry.id === id);
    if (!hit) throw new KeyholeError('invalid-input', `No history entry "${id}"`, { hint: 'It was cleared or dropped as the history grew; send the request again.' });
    return hit.entry;
  }

  async clear(): Promise<void> {
    await this.load();
    this.kept = [];
    this.bytes = HEAD.length + TAIL.length;
    await this.persist();
  }

  /** Waits for the writes begun so far (closing the app, tests). */
  async flush(): Promise<void> {
    await this.writing;
  }

  private trim(): void {
    while (this.kept.length > 1 && (this.kept.length > this.maxEntries || this.bytes > this.maxBytes)) {
      this.bytes -= this.kept.pop()?.bytes ?? 0;
    }
  }

  private load(): Promise<void> {
    this.loaded ??= this.read();
    return this.loaded;
  }

  private async read(): Promise<void> {
    const file = this.file;
    if (!file) return;
    try {
      await this.readFrom(file);
    } catch (e) {
      // Unreadable, and not moved out of the way: writing would replace it, so this session's
      // history stays in memory and the file stays as it is.
      this.file = undefined;
      const code = errnoCode(e);
      this.problem = `The history file ${file} could not be read${code ? ` (${code})` : ''}; this session's history is kept in memory only.`;
    }
  }

  private async readFrom(file: string): Promise<void> {
    const text = await readIfExists(this.fs, file);
    if (text === undefined) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const shape = FileShape.safeParse(parsed);
    const entries = shape.success ? shape.data.entries.map((e) => HistoryEntry.safeParse(e)) : [];
    const good = entries.flatMap((r) => (r.success ? [r.data] : []));
    if (!shape.success || good.length < entries.length) {
      // Nothing is thrown away: the file as found is kept beside the new one for the user to read.
      const aside = `${file}.damaged-${this.now().toISOString().replace(/[:.]/g, '-')}`;
      await this.fs.rename(file, aside);
      const lost = shape.success ? `${entries.length - good.length} of its ${entries.length} entries could not be read` : 'it is not a history file Keyhole can read';
      this.problem = `The history file ${file} was set aside as ${aside}: ${lost}.`;
    }
    for (const entry of good) {
      const json = JSON.stringify(entry);
      this.kept.push({ entry, json, bytes: Buffer.byteLength(json) + 1 });
      this.bytes += Buffer.byteLength(json) + 1;
    }
    // The limits may be lower than when the file was written.
    this.trim();
  }

  private persist(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    this.queued ??= this.writing.then(async () => {
      // From here on a change needs a write of its own: this one may have serialised before it.
      this.queued = undefined;
      await this.fs.mkdir(dirname(file), 0o700);
      await writeFileAtomic(file, HEAD + this.kept.map((k) => k.json).join(',') + TAIL, { fs: this.fs, mode: 0o600 });
    }).catch((e: unknown) => {
      if (e instanceof KeyholeError) throw e;
      const code = errnoCode(e);
      throw new KeyholeError('write-failed', `Could not write the history file ${file}${code ? ` (${code})` : ''}`, { hint: 'Check the disk and the permissions of the app\'s state folder.', cause: e });
    });
    const mine = this.queued;
    this.writing = mine.catch(() => undefined);
    return mine;
  }
}

function matches(e: HistoryEntry, words: readonly string[]): boolean {
  const hay = [e.sent.method, isWebSocketRequest(e.composed) ? 'ws websocket' : '', isGrpcRequest(e.composed) ? 'grpc' : '', e.grpc?.status?.name ?? '', e.sent.url, e.status === undefined ? '' : String(e.status), e.error?.code ?? '', e.name].join(' ').toLowerCase();
  return words.every((w) => hay.includes(w));
}

export function summaryOf(e: HistoryEntry): HistoryItem {
  return {
    id: e.id,
    method: e.sent.method,
    url: e.sent.url,
    status: e.status ?? 0,
    startedAt: e.startedAt,
    totalMs: e.totalMs,
    name: e.name,
    secretsOmitted: e.omitted.length > 0,
    ...(e.environment === undefined ? {} : { environment: e.environment }),
    ...(e.collectionId === undefined ? {} : { collectionId: e.collectionId }),
    ...(e.requestId === undefined ? {} : { requestId: e.requestId }),
    ...(e.error === undefined ? {} : { errorCode: e.error.code }),
    ...(isWebSocketRequest(e.composed) ? { websocket: true as const } : {}),
    ...(e.connection ? { frames: { sent: e.connection.sentCount, received: e.connection.receivedCount } } : {}),
    ...(e.grpc ? { grpc: { rpc: e.grpc.rpc, ...(e.grpc.status ? { status: e.grpc.status.name } : {}) } } : {}),
  };
}
