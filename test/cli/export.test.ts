import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, keyhole } from './harness';

const PLANTED = 'planted-key-98765';

describe('keyhole export and environment secrets', () => {
  it('--include-secrets reads secret variables from the secret store (KEYHOLE_SECRET_*), as run does', async () => {
    const r = await keyhole(['export', EXAMPLE, '--format', 'postman', '-e', 'Staging', '--include-secrets'], { env: { KEYHOLE_SECRET_STAGING_APIKEY: PLANTED } });
    expect(r.code).toBe(0);
    const exported = JSON.parse(r.out) as { variable?: { key: string; value: string }[] };
    expect(exported.variable?.find((v) => v.key === 'apiKey')?.value).toBe(PLANTED);
  });

  it('without --include-secrets the same store is not read and the value stays out', async () => {
    const r = await keyhole(['export', EXAMPLE, '--format', 'postman', '-e', 'Staging'], { env: { KEYHOLE_SECRET_STAGING_APIKEY: PLANTED } });
    expect(r.code).toBe(0);
    expect(r.out).not.toContain(PLANTED);
    expect(r.err).toContain('use --include-secrets');
  });
});

describe('keyhole export --out', () => {
  it('ends by printing the path it wrote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyhole-cli-export-'));
    try {
      const r = await keyhole(['export', EXAMPLE, '--format', 'postman', '--out', 'demo.postman_collection.json'], { cwd: dir });
      expect(r.code).toBe(0);
      const path = join(dir, 'demo.postman_collection.json');
      expect(r.err.split('\n')).toContain(`Exported to ${path}`);
      expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ info: { name: expect.any(String) as unknown as string } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
