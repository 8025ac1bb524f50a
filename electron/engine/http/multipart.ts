import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import type { MultipartField } from '../../../shared/model';
import { bodyFileSize, resolveBodyPath } from './files';

/** A multipart/form-data body described up front (so Content-Length is known) and streamed on demand. */
export interface MultipartPlan {
  boundary: string;
  contentType: string;
  length: number;
  fieldCount: number;
  /** Opens a fresh stream of the encoded body; file parts are read from disk chunk by chunk. */
  open(): Readable;
}

type Segment = { kind: 'bytes'; data: Buffer } | { kind: 'file'; path: string };

const TYPES: Record<string, string> = {
  '.json': 'application/json', '.txt': 'text/plain', '.csv': 'text/csv', '.xml': 'application/xml',
  '.html': 'text/html', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.pdf': 'application/pdf', '.zip': 'application/zip',
};

export function guessContentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

// HTML's form encoding escapes these in names and filenames rather than backslash-quoting them.
const escapeQuoted = (s: string) => s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

export function newBoundary(): string {
  return `----KeyholeBoundary${randomBytes(12).toString('hex')}`;
}

/** Stats every file part (missing files fail here, before anything is sent) and lays out the body. */
export async function planMultipart(fields: MultipartField[], baseDir: string | undefined, boundary = newBoundary()): Promise<MultipartPlan> {
  const segments: Segment[] = [];
  let length = 0;
  let fieldCount = 0;
  const push = (data: Buffer) => {
    segments.push({ kind: 'bytes', data });
    length += data.length;
  };
  for (const field of fields) {
    if (!field.enabled) continue;
    fieldCount += 1;
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(field.name)}"`;
    if (field.kind === 'text') {
      if (field.contentType !== undefined) head += `\r\nContent-Type: ${field.contentType}`;
      push(Buffer.from(`${head}\r\n\r\n${field.value}\r\n`));
      continue;
    }
    const path = resolveBodyPath(field.path, baseDir);
    const size = await bodyFileSize(path, field.name);
    const filename = field.filename ?? basename(path);
    push(Buffer.from(`${head}; filename="${escapeQuoted(filename)}"\r\nContent-Type: ${field.contentType ?? guessContentType(path)}\r\n\r\n`));
    segments.push({ kind: 'file', path });
    length += size;
    push(Buffer.from('\r\n'));
  }
  push(Buffer.from(`--${boundary}--\r\n`));
  return {
    boundary,
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    fieldCount,
    open: () => Readable.from(stream(segments)),
  };
}

async function* stream(segments: Segment[]): AsyncGenerator<Buffer> {
  for (const s of segments) {
    if (s.kind === 'bytes') yield s.data;
    else for await (const chunk of createReadStream(s.path)) yield chunk as Buffer;
  }
}
