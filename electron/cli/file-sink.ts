import { createWriteStream } from 'node:fs';
import { KeyholeError } from '../../shared/errors';

export interface FileSink {
  /** Resolves once the file is open; rejects with a KeyholeError naming the file when it cannot be. */
  readonly opened: Promise<void>;
  /** Appends text; answers with a promise only when it had to wait for the file, for the caller to await. */
  write(text: string): void | Promise<void>;
  /** Writes what is left and closes the file; rejects with the first write error. */
  close(): Promise<void>;
}

/** Bytes gathered before a write: large enough that writes are few, small enough to bound memory. */
const CHUNK_BYTES = 64 * 1024;

/**
 * A file reporter's sink. Pieces are encoded straight into one of two fixed buffers, and a full
 * buffer goes to the file while the other fills. Reporters write a small piece per request (the
 * JSON reporter ~1 KB): one file write each costs about a third of a millisecond, and gathering the
 * pieces into a 64 KB string before writing still costs ~15 us a piece (V8 flattens the joined text,
 * at two bytes a character once one piece has a character past Latin-1, then encodes it for the
 * write; bench/README.md). A piece larger than a buffer is written on its own. Pieces reach the
 * file in the order written even if a caller does not await.
 */
export function fileSink(path: string, label: string, chunkBytes = CHUNK_BYTES): FileSink {
  const stream = createWriteStream(path);
  // The first error, named for the user: every later write and the close report it.
  let failure: KeyholeError | undefined;
  const fail = (e: Error): KeyholeError => {
    failure ??= new KeyholeError('write-failed', `Cannot write the ${label} to ${path}: ${e.message}`, { hint: 'Check that the folder exists, is writable and has room.' });
    return failure;
  };
  stream.on('error', fail);
  const opened = new Promise<void>((res, rej) => {
    stream.once('ready', () => res());
    stream.once('error', (e) => rej(fail(e)));
  });
  opened.catch(() => undefined);
  const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
  // Each buffer's last write to the file: a buffer is refilled only once the file has taken it.
  const settled: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
  let current = 0;
  let used = 0;
  // A write that had to wait: later ones queue behind it.
  let waiting: Promise<void> | undefined;

  const put = (data: Buffer | string): Promise<void> => new Promise((res, rej) => {
    if (failure) { rej(failure); return; }
    stream.write(data, (e) => (e ? rej(fail(e)) : res()));
  });

  const flush = (): Promise<void> => {
    if (used === 0) return settled[current]!.then(() => undefined);
    const written = put(buffers[current]!.subarray(0, used));
    settled[current] = written.catch(() => undefined);
    current = 1 - current;
    used = 0;
    // The buffer now filling may still be on its way to the file from the flush before.
    return Promise.all([written, settled[current]]).then(() => undefined);
  };

  const writeNow = (text: string): void | Promise<void> => {
    // A character is at most 3 bytes in UTF-8 (a surrogate pair 4, for 2 characters).
    if (used + text.length * 3 <= chunkBytes) {
      used += buffers[current]!.write(text, used);
      return undefined;
    }
    const flushed = flush();
    if (text.length * 3 <= chunkBytes) return flushed.then(() => { used += buffers[current]!.write(text, used); });
    return flushed.then(() => put(text));
  };

  const track = (p: Promise<void>): Promise<void> => {
    waiting = p;
    const clear = (): void => { if (waiting === p) waiting = undefined; };
    p.then(clear, clear);
    return p;
  };

  return {
    opened,
    write(text) {
      if (waiting) return track(waiting.then(() => writeNow(text)));
      const r = writeNow(text);
      return r ? track(r) : undefined;
    },
    async close() {
      if (waiting) await waiting;
      await flush();
      await Promise.all(settled);
      if (failure) throw failure;
      await new Promise<void>((res, rej) => { stream.end((e?: Error | null) => (e ? rej(fail(e)) : res())); });
      if (failure) throw failure;
    },
  };
}
