import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFs, type FsLayer } from '../../../electron/engine/workspace/fs-layer';
import { scanFolder } from '../../../electron/engine/workspace/layout';

// Scanning a folder of many requests: reads are bounded (all at once made loading, not running,
// the peak memory of a 5,000-request run) and names come from the files when asked for.

let dir: string;
const COUNT = 200;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyhole-scan-'));
  for (let i = 0; i < COUNT; i++) writeFileSync(join(dir, `r${String(i).padStart(3, '0')}.request.yaml`), `name: Request ${i}\nmethod: GET\nurl: http://127.0.0.1/${i}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real file system, counting reads in flight. */
function counting(): { fs: FsLayer; peak: () => number; reads: () => number } {
  let inFlight = 0;
  let peak = 0;
  let reads = 0;
  const fs: FsLayer = {
    ...nodeFs,
    readFile: async (p) => {
      inFlight++;
      reads++;
      peak = Math.max(peak, inFlight);
      try {
        return await nodeFs.readFile(p);
      } finally {
        inFlight--;
      }
    },
  };
  return { fs, peak: () => peak, reads: () => reads };
}

describe('scanFolder', () => {
  it('reads every request file, at most 32 at a time, and lists them in name order with their names', async () => {
    const c = counting();
    const scan = await scanFolder(c.fs, dir, true);
    expect(c.reads()).toBe(COUNT);
    expect(c.peak()).toBeGreaterThan(1);
    expect(c.peak()).toBeLessThanOrEqual(32);
    expect(scan.requests.map((r) => r.entry)).toEqual(Array.from({ length: COUNT }, (_, i) => `r${String(i).padStart(3, '0')}.request.yaml`));
    expect(scan.requests[7]?.name).toBe('Request 7');
    expect(scan.requests[7]?.text).toContain('url: http://127.0.0.1/7');
  });

  it('orders entries by code point, not by locale (no ICU collation data loaded for a scan)', async () => {
    const mixed = mkdtempSync(join(tmpdir(), 'keyhole-scan-case-'));
    try {
      for (const n of ['b', 'B', 'a', 'Z']) writeFileSync(join(mixed, `${n}.request.yaml`), `name: ${n}\nmethod: GET\nurl: http://127.0.0.1/\n`);
      const scan = await scanFolder(nodeFs, mixed, true);
      expect(scan.requests.map((r) => r.entry)).toEqual(['B.request.yaml', 'Z.request.yaml', 'a.request.yaml', 'b.request.yaml']);
    } finally {
      rmSync(mixed, { recursive: true, force: true });
    }
  });
});
