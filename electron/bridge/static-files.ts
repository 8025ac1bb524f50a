import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export interface StaticFile {
  body: Buffer;
  type: string;
}

/**
 * A file of the built renderer, or undefined. The decoded path is normalised and must stay inside
 * `root`; nothing outside the build folder is ever served, whatever the URL says.
 */
export async function staticFile(root: string, pathname: string): Promise<StaticFile | undefined> {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (rel.includes('\0')) return undefined;
  if (rel === '/' || rel === '') rel = '/index.html';
  const full = normalize(join(root, rel));
  if (!full.startsWith(normalize(root) + sep)) return undefined;
  const type = TYPES[extname(full).toLowerCase()];
  if (!type) return undefined;
  try {
    if (!(await stat(full)).isFile()) return undefined;
    return { body: await readFile(full), type };
  } catch {
    return undefined;
  }
}
