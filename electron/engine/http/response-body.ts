import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { KeyholeError } from '../../../shared/errors';
import type { ResponseBody } from '../../../shared/model';
import { ensurePrivateDir } from './temp-dir';

/**
 * Collects a response body in memory up to `maxInMemory` bytes; past that it moves what it has to
 * a file in `tempDir` and streams the rest there, so a large body is never held whole.
 */
export class BodySink extends Writable {
  private chunks: Buffer[] = [];
  private held = 0;
  private file: WriteStream | undefined;
  private path: string | undefined;

  constructor(private readonly maxInMemory: number, private readonly tempDir: string) {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    if (this.file === undefined && this.held + chunk.length <= this.maxInMemory) {
      this.chunks.push(chunk);
      this.held += chunk.length;
      return done();
    }
    if (this.file !== undefined) return this.toFile(chunk, done);
    // The folder is made on first use: a tmp cleaner may have removed it, or no one made it yet.
    ensurePrivateDir(this.tempDir).then(() => {
      if (this.destroyed) return done();
      this.path = join(this.tempDir, `keyhole-body-${randomUUID()}`);
      const file = createWriteStream(this.path, { flags: 'wx', mode: 0o600 });
      this.file = file;
      file.on('error', (e) => this.destroy(writeFailed(this.path ?? '', e)));
      for (const c of this.chunks) file.write(c);
      this.chunks = [];
      this.held = 0;
      this.toFile(chunk, done);
    }, done);
  }

  private toFile(chunk: Buffer, done: (e?: Error | null) => void): void {
    const file = this.file as WriteStream;
    if (file.write(chunk)) done();
    else file.once('drain', () => done());
  }

  override _final(done: (e?: Error | null) => void): void {
    if (this.file === undefined) return done();
    this.file.end(() => done());
  }

  override _destroy(err: Error | null, done: (e?: Error | null) => void): void {
    this.file?.destroy();
    done(err);
  }

  /**
   * Stops writing and removes the file, if one was begun: a body that failed is not kept. A file
   * still opening is waited for, so it cannot appear after its removal; one the sink had yet to
   * begin never is (see _write).
   */
  async discard(): Promise<void> {
    this.destroy();
    const file = this.file;
    if (file && !file.closed) await once(file, 'close').catch(() => undefined);
    if (this.path !== undefined) await unlink(this.path).catch(() => undefined);
  }

  result(): ResponseBody {
    if (this.path !== undefined) return { storage: 'file', path: this.path };
    return { storage: 'inline', base64: Buffer.concat(this.chunks).toString('base64') };
  }
}

/** Consumes a stream without keeping it (redirect bodies), so the connection can be reused. */
export class DiscardSink extends Writable {
  override _write(_c: Buffer, _e: BufferEncoding, done: () => void): void {
    done();
  }
}

function writeFailed(path: string, e: Error): KeyholeError {
  return new KeyholeError('write-failed', `Cannot write the response body to ${path}: ${e.message}`, {
    hint: 'Check that the temporary folder exists and has free space.',
    cause: e,
  });
}

/** The bytes of a response body wherever it is stored. Reads a file body whole: the caller asked for it. */
export async function readBodyBytes(body: ResponseBody): Promise<Uint8Array> {
  if (body.storage === 'inline') return Buffer.from(body.base64, 'base64');
  try {
    return await readFile(body.path);
  } catch (e) {
    throw new KeyholeError('file-not-found', `Response body file ${body.path} cannot be read`, { hint: 'Temporary body files are removed when the app exits.', cause: e });
  }
}

export async function readBodyText(body: ResponseBody): Promise<string> {
  return Buffer.from(await readBodyBytes(body)).toString('utf8');
}
