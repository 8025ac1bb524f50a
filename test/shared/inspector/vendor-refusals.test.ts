import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExplainReport, explainExchanges, harToExchanges, type FindingId } from '../../../shared/inspector';

/**
 * Refusals as real services document them (test/fixtures/refusals, one HAR per case, the source
 * named in manifest.json and in each HAR's log.comment). Each must get its expected finding first,
 * name what the fix turns on (a header, a scope), and never echo the fake credentials it was sent.
 */

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/refusals');

interface Case { file: string; service: string; expect: FindingId; alsoAccept?: FindingId[]; mentions?: string[]; why: string; source: string }
const manifest = JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8')) as Case[];

function explain(c: Case) {
  const text = readFileSync(resolve(dir, c.file), 'utf8');
  const parsed = harToExchanges(text, c.file);
  if (!parsed.ok) throw parsed.error;
  const report = explainExchanges(parsed.value);
  expect(ExplainReport.safeParse(report).success).toBe(true);
  const entry = report.entries[report.entries.length - 1];
  if (!entry) throw new Error(`${c.file}: nothing explained`);
  return { text, report, entry, first: entry.findings[0]! };
}

describe('vendor-documented refusals', () => {
  it('cover at least 30 services, each case naming its documentation source', () => {
    expect(new Set(manifest.map((c) => c.service.replace(/ \(.*\)$/, ''))).size).toBeGreaterThanOrEqual(30);
    for (const c of manifest) {
      expect(c.source, c.file).toMatch(/https:\/\//);
      const har = JSON.parse(readFileSync(resolve(dir, c.file), 'utf8')) as { log: { comment?: string } };
      expect(har.log.comment, c.file).toContain(c.source.split(/[ ;]/)[0]);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.har')).sort()).toEqual(manifest.map((c) => c.file).sort());
  });

  for (const c of manifest) {
    it(`${c.file}: ${c.expect}`, () => {
      const { text, first, entry } = explain(c);
      expect([c.expect, ...(c.alsoAccept ?? [])], `${c.file}: got ${entry.findings.map((f) => `${f.id} ${f.confidence}`).join(', ')}`).toContain(first.id);
      const said = [first.title, ...first.fixes].join('\n');
      for (const m of c.mentions ?? []) expect(said, `${c.file}: the diagnosis should name ${m}`).toContain(m);
      // The credentials sent (fake, but shaped like real ones) never come back whole.
      const json = JSON.stringify(entry);
      for (const h of (JSON.parse(text) as { log: { entries: { request: { headers: { name: string; value: string }[] } }[] } }).log.entries[0]!.request.headers) {
        if (/authorization|key|token|cookie/i.test(h.name)) expect(json, `${c.file}: ${h.name}`).not.toContain(h.value.replace(/^\S+\s+/, '').slice(0, 24));
      }
    });
  }
});
