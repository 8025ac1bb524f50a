import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ExplainReport } from '../../shared/inspector';
import { keyhole } from './harness';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const casesDir = resolve(repoRoot, '../shared/cases/401');
const present = existsSync(casesDir);
const tmp = mkdtempSync(join(tmpdir(), 'keyhole-explain-'));

const harText = JSON.stringify({ log: { version: '1.2', entries: [
  { startedDateTime: '2026-11-20T09:30:00.000Z', request: { method: 'GET', url: 'https://api.example.com/ok', headers: [] }, response: { status: 200, headers: [], content: { text: '' } } },
  { startedDateTime: '2026-11-20T09:30:01.000Z', request: { method: 'GET', url: 'https://api.example.com/v1/orders', headers: [] }, response: { status: 401, headers: [{ name: 'WWW-Authenticate', value: 'Bearer realm="api"' }], content: { text: '' } } },
] } });

describe('keyhole explain', () => {
  it('prints each refused entry with its diagnosis, confidence, evidence and fixes', async () => {
    const file = join(tmp, 'session.har');
    writeFileSync(file, harText);
    const r = await keyhole(['explain', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('#1 GET https://api.example.com/v1/orders -> 401');
    expect(r.out).toContain('no-credentials (93%): The request carried no credentials');
    expect(r.out).toContain('evidence: WWW-Authenticate: Bearer realm="api"');
    expect(r.out).toMatch(/fix: Add Bearer credentials/);
    expect(r.out).not.toContain('/ok');
  });

  it('explains a GraphQL refusal inside a 200, naming the code and the refused field', async () => {
    const r = await keyhole(['explain', resolve(repoRoot, 'test/fixtures/refusals/graphql-apollo-forbidden-partial.har')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('#0 POST https://api.example.test/graphql -> 200 (GraphQL FORBIDDEN at auditLog)');
    expect(r.out).toContain('authenticated-but-forbidden (86%)');
    expect(r.out).toContain('evidence: GraphQL error at auditLog: "You are not authorized to read the audit log"');
  });

  it('--json prints exactly the contract shape, reading the HAR from standard input', async () => {
    const r = await keyhole(['explain', '-', '--json'], { stdin: harText });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as unknown;
    expect(ExplainReport.strict().safeParse(report).success).toBe(true);
    expect(Object.keys((report as { entries: object[] }).entries[0]!)).toEqual(['index', 'method', 'url', 'status', 'findings']);
    expect(Object.keys((report as { entries: { findings: object[] }[] }).entries[0]!.findings[0]!)).toEqual(['id', 'confidence', 'title', 'evidence', 'fixes']);
  });

  it('says so when nothing was refused', async () => {
    const r = await keyhole(['explain', '-'], { stdin: JSON.stringify({ log: { entries: [] } }) });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/No refusals in standard input: no 401, 403 or 407 response and no GraphQL answer refused as UNAUTHENTICATED or FORBIDDEN \(0 entries\)/);
  });

  it('exits 2 naming the file when it is missing or not a HAR, and when the key file is unusable', async () => {
    const missing = await keyhole(['explain', join(tmp, 'nope.har')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(join(tmp, 'nope.har'));
    const notHar = await keyhole(['explain', '-'], { stdin: '{"hello": 1}' });
    expect(notHar.code).toBe(2);
    expect(notHar.err).toMatch(/no log\.entries array/);
    const badKey = join(tmp, 'bad.jwk');
    writeFileSync(badKey, '{"kid": "x"}');
    const key = await keyhole(['explain', '-', '--key', badKey], { stdin: harText });
    expect(key.code).toBe(2);
    expect(key.err).toMatch(/neither a JWK/);
  });

  it.skipIf(!present)('--key verifies the tokens it meets (shared case 20)', async () => {
    const r = await keyhole(['explain', join(casesDir, '20-token-signature-invalid.har'), '--key', join(casesDir, '20-token-signature-invalid.jwk.json'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { entries: { findings: { id: string }[] }[] };
    expect(report.entries[0]!.findings[0]!.id).toBe('token-signature-invalid');
  });

  it.skipIf(!present)('the real binary explains a case file', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(repoRoot, 'bin/keyhole.js'), 'explain', join(casesDir, '04-token-expired.har'), '--json'], { cwd: repoRoot });
    const report = JSON.parse(stdout) as { entries: { findings: { id: string; title: string }[] }[] };
    expect(report.entries[0]!.findings[0]).toMatchObject({ id: 'token-expired', title: 'The bearer token expired 7 minutes before the request' });
    expect(stdout).not.toContain(readFileSync(join(casesDir, '04-token-expired.har'), 'utf8').match(/Bearer (eyJ[^"]{20})/)![1]);
  });
});
