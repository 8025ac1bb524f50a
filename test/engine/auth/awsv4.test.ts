import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyAuth, signAwsV4 } from '../../../electron/engine/auth';
import type { HeaderList } from '../../../shared/model';
import { startHttpServer, type HttpTestServer } from '../../servers/http';
import { header, makeCtx, prepared } from './helpers';

interface Vector {
  name: string;
  signQuery?: boolean;
  sessionToken?: string;
  request: { method: string; url: string; headers: HeaderList; body?: string };
  canonicalRequest?: string;
  stringToSign?: string;
  authorization?: string;
}

const vectors = JSON.parse(readFileSync(new URL('../../fixtures/auth/sigv4/vectors.json', import.meta.url), 'utf8')) as Vector[];
const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 'service', amzDate: '20150830T123600Z' };

describe('AWS SigV4 test-suite vectors', () => {
  for (const v of vectors) {
    it(v.name, () => {
      const r = signAwsV4({
        ...CREDS, sessionToken: v.sessionToken, signQuery: v.signQuery ?? false,
        method: v.request.method, url: v.request.url, headers: v.request.headers,
        body: v.request.body === undefined ? undefined : Buffer.from(v.request.body),
      });
      if (v.canonicalRequest) expect(r.canonicalRequest).toBe(v.canonicalRequest);
      if (v.stringToSign) expect(r.stringToSign).toBe(v.stringToSign);
      if (v.authorization) expect(header(r.headers, 'authorization')).toBe(v.authorization);
      if (v.sessionToken) expect(header(r.headers, 'x-amz-security-token')).toBe(v.sessionToken);
    });
  }
});

describe('AWS SigV4 scheme', () => {
  let server: HttpTestServer | undefined;
  afterEach(async () => { await server?.close(); server = undefined; });
  const auth = { type: 'awsv4' as const, accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 's3', signQuery: false, unsignedPayload: false };
  const now = () => new Date('2015-08-30T12:36:00Z');

  it('streams a file body through SHA-256 for the payload hash, and marks every header it adds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyhole-sigv4-'));
    const path = join(dir, 'object.bin');
    const data = Buffer.alloc(300_000, 3);
    await writeFile(path, data);
    const ctx = makeCtx({ now });
    const out = await applyAuth({ ...auth, sessionToken: 'SESSIONTOKEN-abcdefghijklmnop' }, prepared('http://127.0.0.1:9/bucket/key', { method: 'PUT', body: { kind: 'file', path } }), ctx);
    expect(header(out.headers, 'x-amz-content-sha256')).toBe(createHash('sha256').update(data).digest('hex'));
    expect(out.credentialHeaders.map((h) => h.toLowerCase()).sort()).toEqual(['authorization', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token']);
    expect(header(out.headers, 'authorization')).toMatch(/SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token/);
    const log = ctx.logs.join('\n');
    expect(log).not.toContain('wJalrXUtnFEMI');
    expect(log).not.toContain('SESSIONTOKEN-abcdefghijklmnop');
  });

  it('UNSIGNED-PAYLOAD when asked', async () => {
    const out = await applyAuth({ ...auth, unsignedPayload: true }, prepared('http://127.0.0.1:9/b', { method: 'PUT', body: { kind: 'bytes', data: Buffer.from('x') } }), makeCtx({ now }));
    expect(header(out.headers, 'x-amz-content-sha256')).toBe('UNSIGNED-PAYLOAD');
  });

  it('a presigned URL puts X-Amz-* in the query as credential query params and sends it', async () => {
    server = await startHttpServer((_req, res) => { res.end('ok'); });
    const ctx = makeCtx({ now });
    const out = await applyAuth({ ...auth, service: 'service', signQuery: true, sessionToken: 'TOKEN1234567890' }, prepared(`${server.url}/obj?a=1`), ctx);
    const u = new URL(out.url);
    expect(u.searchParams.get('a')).toBe('1');
    expect(u.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(out.credentialQuery).toEqual(expect.arrayContaining(['X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token', 'X-Amz-Date']));
    expect(header(out.headers, 'authorization')).toBeUndefined();
    const x = await ctx.send(out);
    expect(x.response.status).toBe(200);
    expect(server.requests[0]?.url).toContain('X-Amz-Signature=');
  });
});
