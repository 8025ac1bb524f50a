import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../electron/engine/demo';
import { DEMO_SECRET_VALUES, EXAMPLE, EXAMPLE_SECRETS, keyhole } from './harness';

let demo: DemoServer;
beforeAll(async () => { demo = await startDemoServer(); });
afterAll(async () => { await demo.close(); });

const base = () => ['--var', `baseUrl=${demo.url}`, '--secrets', EXAMPLE_SECRETS];

describe('keyhole run', () => {
  it('runs the example workspace on staging (Basic) and production (OAuth 2.0) with the same requests', async () => {
    for (const env of ['staging', 'production']) {
      const r = await keyhole(['run', EXAMPLE, '-e', env, ...base()]);
      expect(r.err).toBe('');
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(/✓ Admin report {2}GET .*\/admin\/report {2}200/);
      expect(r.out).toContain('11 requests, 0 failed');
    }
  });

  it('prints the primary finding under every refused request', async () => {
    const r = await keyhole(['run', EXAMPLE, '-e', 'staging', '--folder', 'Refusals', ...base()]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('[token-expired');
    expect(r.out).toContain('[scheme-mismatch');
    expect(r.out).toContain('[credentials-dropped-on-redirect');
  });

  it('writes JSON and JUnit reports with no secret in any output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyhole-reports-'));
    const r = await keyhole(['run', EXAMPLE, '-e', 'production', '-r', 'cli,json,junit', '--json-out', join(dir, 'r.json'), '--junit-out', join(dir, 'r.xml'), '-n', '2', ...base()]);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { run: { executions: { path: string; passed: boolean }[] }; summary: { requests: number } };
    expect(json.run.executions).toHaveLength(22);
    expect(json.summary.requests).toBe(22);
    const xml = readFileSync(join(dir, 'r.xml'), 'utf8');
    expect(xml).toMatch(/<testsuite name="Keyhole demo \(Production\)" tests="22" failures="0" errors="0"/);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(22);
    const everything = [r.out, r.err, readFileSync(join(dir, 'r.json'), 'utf8'), xml].join('\n');
    for (const secret of DEMO_SECRET_VALUES) expect(everything).not.toContain(secret);
    // The OAuth token the profile fetched is a credential too.
    expect(everything).not.toMatch(/eyJ[\w-]{20,}\.[\w-]{20,}\.[\w-]{20,}/);
  });

  it('stops before the first request when a report file cannot be created, naming it', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'keyhole-reports-')), 'no-such-folder', 'r.json');
    const r = await keyhole(['run', EXAMPLE, '-e', 'staging', '-r', 'cli,json', '--json-out', missing, ...base()]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`Cannot write the JSON report to ${missing}`);
    expect(r.out).not.toMatch(/Health/);
  });

  it('exits 2 naming the secret when one a request needs is missing, and still runs the rest', async () => {
    const r = await keyhole(['run', EXAMPLE, '-e', 'staging', '--var', `baseUrl=${demo.url}`]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/✓ Health/);
    expect(r.out).toMatch(/Admin.*password|password.*Admin/);
    expect(r.out).toContain('KEYHOLE_SECRET_STAGING_ADMIN_PASSWORD');
  });

  it('exits 2 for an unknown environment, listing the known ones', async () => {
    const r = await keyhole(['run', EXAMPLE, '-e', 'nope', ...base()]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Environment "nope"');
    expect(r.err).toMatch(/Production, Staging/);
  });

  it('exits 1 when a request fails, and --bail stops at the first failure', async () => {
    const r = await keyhole(['run', EXAMPLE, '-e', 'staging', '--var', 'baseUrl=http://127.0.0.1:1', '--secrets', EXAMPLE_SECRETS]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('11 requests, 11 failed');
    const b = await keyhole(['run', EXAMPLE, '-e', 'staging', '--bail', '--var', 'baseUrl=http://127.0.0.1:1', '--secrets', EXAMPLE_SECRETS]);
    expect(b.code).toBe(1);
    expect(b.out).toContain('1 requests, 1 failed');
    expect(b.out).toContain('--bail');
  });

  it('refuses bad usage with exit 2: unknown reporter, unknown folder, bad iteration count', async () => {
    expect((await keyhole(['run', EXAMPLE, '-r', 'html,cli'])).code).toBe(2);
    const f = await keyhole(['run', EXAMPLE, '--folder', 'Nope', ...base()]);
    expect(f.code).toBe(2);
    expect(f.err).toMatch(/Folders: Session, Refusals/);
    expect((await keyhole(['run', EXAMPLE, '-n', '0'])).code).toBe(2);
  });

  it('keeps the cookie jar per environment in the state folder, never in the collection', async () => {
    const state = mkdtempSync(join(tmpdir(), 'keyhole-state-'));
    const r = await keyhole(['run', EXAMPLE, '-e', 'staging', '--folder', 'Session', ...base()], { env: { XDG_STATE_HOME: state } });
    expect(r.code).toBe(0);
    const files = readdirSync(join(state, 'keyhole'), { recursive: true }).map(String);
    expect(files.some((f) => f.startsWith(join(readdirSync(join(state, 'keyhole'))[0] ?? '', 'cookies')))).toBe(true);
    expect(readdirSync(EXAMPLE).some((f) => f.includes('cookie'))).toBe(false);
    expect(statSync(EXAMPLE).isDirectory()).toBe(true);
  });
});
