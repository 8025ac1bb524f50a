import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSink } from '../../electron/cli/file-sink';

const dir = mkdtempSync(join(tmpdir(), 'keyhole-sink-'));

// Pieces of every width UTF-8 has: ASCII, Latin-1, an ellipsis, CJK, an emoji (a
// surrogate pair), and one piece far larger than the sink's buffer.
function pieces(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 400; i++) out.push(`{"i":${i},"s":"caf\u00e9 \u2026 \u6f22\u5b57 \u{1f511}"}`, i % 7 === 0 ? ',\n' : ',');
  out.splice(123, 0, `"${'x\u2026'.repeat(5000)}"`);
  return out;
}

describe('fileSink', () => {
  it('writes every piece in order, awaited as it asks, through many small buffers', async () => {
    const path = join(dir, 'awaited.json');
    const sink = fileSink(path, 'JSON report', 256);
    await sink.opened;
    const all = pieces();
    let waited = 0;
    for (const p of all) {
      const r = sink.write(p);
      if (r) { waited++; await r; }
    }
    await sink.close();
    expect(waited).toBeGreaterThan(10);
    expect(readFileSync(path, 'utf8')).toBe(all.join(''));
  });

  it('keeps the order when nobody awaits the writes', async () => {
    const path = join(dir, 'unawaited.json');
    const sink = fileSink(path, 'JSON report', 256);
    const all = pieces();
    for (const p of all) void sink.write(p);
    await sink.close();
    expect(readFileSync(path, 'utf8')).toBe(all.join(''));
  });

  it('fails with an error naming the report and the file when the folder does not exist', async () => {
    const path = join(dir, 'no-such-folder', 'r.json');
    const sink = fileSink(path, 'JUnit report');
    await expect(sink.opened).rejects.toMatchObject({ code: 'write-failed', message: expect.stringContaining(`Cannot write the JUnit report to ${path}`) });
    // Later writes and the close report the same failure rather than dropping text silently.
    await expect(Promise.resolve(sink.write('x'.repeat(100_000)))).rejects.toMatchObject({ code: 'write-failed' });
    await expect(sink.close()).rejects.toMatchObject({ code: 'write-failed' });
  });
});
