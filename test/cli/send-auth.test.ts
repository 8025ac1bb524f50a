import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../electron/engine/demo';
import { startDigestServer, type DigestServer } from '../servers/digest-server';
import { startHttpServer, recordRequest, sendJson, type HttpTestServer, type ReceivedRequest } from '../servers/http';
import { startHttpsServer, type HttpsTestServer } from '../servers/https';
import { EXAMPLE, EXAMPLE_SECRETS, keyhole } from './harness';

// `keyhole send` takes curl's auth and TLS flags with curl's meaning.
let digest: DigestServer;
let echo: HttpTestServer;
let tls: HttpsTestServer;
let mtls: HttpsTestServer;
let demo: DemoServer;
const seen: ReceivedRequest[] = [];

beforeAll(async () => {
  digest = await startDigestServer({ users: { alice: 'wonder land' }, algorithms: ['SHA-256', 'MD5'] });
  echo = await startHttpServer((req, res) => { seen.push(recordRequest(req)); sendJson(res, 200, { ok: true }); });
  tls = await startHttpsServer((_q, res) => { res.end('secure hello'); });
  mtls = await startHttpsServer((_q, res) => { res.end('mutual hello'); }, { requireClientCert: true });
  demo = await startDemoServer();
});
afterAll(async () => { await Promise.all([digest.close(), echo.close(), tls.close(), mtls.close(), demo.close()]); });

describe('curl auth flags', () => {
  it('--digest -u answers the challenge by itself and is accepted by an independent RFC 7616 server', async () => {
    const r = await keyhole(['send', `${digest.url}/private`, '--digest', '-u', 'alice:wonder land']);
    expect(r.code, r.out).toBe(0);
    // The one refusal is the challenge round trip itself; the answer was accepted.
    expect(digest.failures).toEqual(['no credentials']);
    expect(r.out).toMatch(/↳ 401/);
    expect(r.out).not.toContain('wonder land');
  });

  it('-u shows the password as a fixed mask: none of its characters, not its length, in any output', async () => {
    const password = 'Tr0ub4dor&3secret';
    const pieces = Array.from({ length: password.length - 3 }, (_, i) => password.slice(i, i + 4));
    const encoded = Buffer.from(`bob:${password}`).toString('base64');
    // Ids, times and dates differ between two sends; nothing else may.
    const steady = (text: string): string => {
      const trimmed = text.trim();
      if (trimmed.startsWith('{')) {
        return JSON.stringify(JSON.parse(trimmed), (k, v: unknown) => (['id', 'startedAt', 'timings'].includes(k) ? undefined
          : Array.isArray(v) && typeof v[0] === 'string' && v[0].toLowerCase() === 'date' ? ['date'] : v), 2);
      }
      return text.replace(/\d+(\.\d+)? ms/g, 'N ms').replace(/^Date: .*$/im, 'Date:');
    };
    const outputs: Record<string, string[]> = {};
    for (const pw of [password, 'x']) {
      const human = await keyhole(['send', `${echo.url}/who`, '-u', `bob:${pw}`, '-i']);
      const json = await keyhole(['send', `${echo.url}/who`, '-u', `bob:${pw}`, '--json']);
      const refused = await keyhole(['send', `${demo.url}/basic/protected`, '-u', `bob:${pw}`]);
      expect([human.code, json.code, refused.code]).toEqual([0, 0, 1]);
      expect(seen.at(-1)?.header('authorization')).toBe(`Basic ${Buffer.from(`bob:${pw}`).toString('base64')}`);
      outputs[pw] = [human.out, human.err, json.out, json.err, refused.out, refused.err].map(steady);
    }
    for (const text of outputs[password] ?? []) {
      for (const piece of pieces) expect(text).not.toContain(piece);
      expect(text).not.toContain(encoded);
    }
    expect(outputs[password]?.[0]).toContain('password ****');
    expect(outputs[password]).toEqual(outputs.x);
  });

  it('--digest with the wrong password fails once, without looping', async () => {
    const before = digest.unauthorized();
    const r = await keyhole(['send', `${digest.url}/private`, '--digest', '-u', 'alice:nope']);
    expect(r.code).toBe(1);
    expect(digest.unauthorized() - before).toBe(2);
  });

  it('--digest -u: a stale=true answer to the first answer (the nonce rotated meanwhile) is retried with the new nonce, exit 0', async () => {
    const rotating = await startDigestServer({ users: { alice: 'wonder land' }, rotateNoncesBefore: (n) => n === 2 });
    try {
      const r = await keyhole(['send', `${rotating.url}/private`, '--digest', '-u', 'alice:wonder land', '--json']);
      expect(r.code, r.out).toBe(0);
      expect(rotating.failures).toEqual(['no credentials', 'nonce expired']);
      const e = JSON.parse(r.out) as { response: { status: number }; hops: { status: number }[]; authLog: { message: string }[] };
      expect(e.response.status).toBe(200);
      expect(e.hops.map((h) => h.status)).toEqual([401, 401]);
      expect(e.authLog.map((l) => l.message).join('\n')).toMatch(/stale=true/);
    } finally {
      await rotating.close();
    }
  });

  it('--digest against a server that answers stale=true every time: three requests, then the 401 stands (exit 1)', async () => {
    const always = await startDigestServer({ users: { alice: 'wonder land' }, rotateNoncesBefore: () => true });
    try {
      const r = await keyhole(['send', `${always.url}/private`, '--digest', '-u', 'alice:wonder land', '--json']);
      expect(r.code).toBe(1);
      expect(always.seen).toHaveLength(3);
      const e = JSON.parse(r.out) as { authLog: { message: string }[] };
      expect(e.authLog.map((l) => l.message)).toContain('still refused after 2 answers; not answering again');
    } finally {
      await always.close();
    }
  });

  it('--aws-sigv4 signs with the keys given in -u, as curl does', async () => {
    const r = await keyhole(['send', `${echo.url}/things?b=2&a=1`, '--aws-sigv4', 'aws:amz:eu-west-1:execute-api', '-u', 'AKIDEXAMPLE:wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY']);
    expect(r.code).toBe(0);
    const auth = seen.at(-1)?.header('authorization');
    expect(auth).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/);
    expect(seen.at(-1)?.header('x-amz-date')).toMatch(/^\d{8}T\d{6}Z$/);
    expect(r.out).not.toContain('wJalrXUtnFEMI');
  });

  it('--aws-sigv4 without -u is a usage error', async () => {
    const r = await keyhole(['send', `${echo.url}/`, '--aws-sigv4', 'aws:amz:eu-west-1:s3']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('-u ACCESS_KEY:SECRET_KEY');
  });

  it('--profile NAME -e ENV uses a saved profile: Basic on staging, OAuth 2.0 on production', async () => {
    for (const env of ['staging', 'production']) {
      const r = await keyhole(['send', `${demo.url}/admin/report`, '--profile', 'Admin', '-c', EXAMPLE, '-e', env, '--secrets', EXAMPLE_SECRETS, '--var', `baseUrl=${demo.url}`]);
      expect(r.code, r.out + r.err).toBe(0);
      expect(r.out).toContain(env === 'staging' ? '"via": "basic"' : '"via": "bearer"');
    }
  });
});

describe('curl TLS flags', () => {
  it('refuses an unknown CA by default, trusts it with --cacert, and -k is marked in the output', async () => {
    const refused = await keyhole(['send', `${tls.url}/`]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/certificate/i);
    const trusted = await keyhole(['send', `${tls.url}/`, '--cacert', tls.caFile]);
    expect(trusted.code).toBe(0);
    expect(trusted.out).toContain('secure hello');
    const insecure = await keyhole(['send', `${tls.url}/`, '-k']);
    expect(insecure.code).toBe(0);
    expect(insecure.out).toContain('verification was OFF');
  });

  it('--cert and --key present a client certificate to a server that requires one', async () => {
    const without = await keyhole(['send', `${mtls.url}/`, '--cacert', mtls.caFile]);
    expect(without.code).toBe(1);
    const r = await keyhole(['send', `${mtls.url}/`, '--cacert', mtls.caFile, '--cert', mtls.files.clientCertFile, '--key', mtls.files.clientKeyFile]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('mutual hello');
  });
});
