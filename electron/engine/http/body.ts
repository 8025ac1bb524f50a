import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { PreparedBody } from './types';
import { bodyFileSize, resolveBodyPath } from './files';
import { planMultipart } from './multipart';

/**
 * A request body ready to put on the wire: its length and type known up front, and `open` giving
 * a fresh copy each time, because a 307/308 redirect sends the same body again.
 */
export interface BodySource {
  length: number;
  contentType: string | undefined;
  /** A printable description for the exchange (the text itself when short and textual). */
  preview: string | undefined;
  open(): Readable | Buffer | undefined;
}

const PREVIEW_LIMIT = 4096;

export const NO_BODY: BodySource = { length: 0, contentType: undefined, preview: undefined, open: () => undefined };

/** Bodies held in memory are ready at once; files and multipart forms need a look at the disk first. */
export function bodySource(body: PreparedBody, baseDir: string | undefined): BodySource | Promise<BodySource> {
  switch (body.kind) {
    case 'none':
      return NO_BODY;
    case 'bytes': {
      const data = Buffer.from(body.data.buffer, body.data.byteOffset, body.data.byteLength);
      return { length: data.length, contentType: body.contentType, preview: previewBytes(data), open: () => data };
    }
    default:
      return onDisk(body, baseDir);
  }
}

async function onDisk(body: Extract<PreparedBody, { kind: 'file' | 'multipart' }>, baseDir: string | undefined): Promise<BodySource> {
  switch (body.kind) {
    case 'file': {
      const path = resolveBodyPath(body.path, baseDir);
      const length = await bodyFileSize(path);
      return { length, contentType: body.contentType, preview: `file ${path}, ${length} bytes`, open: () => createReadStream(path) };
    }
    case 'multipart': {
      const plan = await planMultipart(body.fields, baseDir);
      return { length: plan.length, contentType: plan.contentType, preview: `multipart form, ${plan.fieldCount} fields, ${plan.length} bytes`, open: plan.open };
    }
  }
}

function previewBytes(data: Buffer): string {
  if (data.length <= PREVIEW_LIMIT) {
    const text = data.toString('utf8');
    // Replacement characters or control bytes mean binary: describe it rather than print it.
    if (!/[\uFFFD\0-\x08\x0E-\x1F]/.test(text)) return text;
  }
  return `${data.length} bytes`;
}
