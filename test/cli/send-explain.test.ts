import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExplainReport } from '../../shared/inspector';
import { sendJson, startHttpServer, type HttpTestServer } from '../servers/http';
import { removeHook, spawnCli } from './spawn-cli';

/**
 * `keyhole send` explains a refused response the way `keyhole run` does: why and fix under it,
 * and the findings in --json. Run as a user would (a spawned CLI) against local servers that
 * refuse the way real ones do.
 */

let server: HttpTestServer;

const CLOUDFLARE_1020 = '<!DOCTYPE html><html><head><title>Access denied | api.shop.example used Cloudflare to restrict access</title></head>'
  + '<body><h1>Access denied</h1><span>Error code 1020</span><p>Ray ID: 8f0a1b2c3d4e5f60</p></body></html>';

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    switch (req.url) {
      case '/bearer':
        res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="orders"', 'Content-Type': 'application/json' }).end('{"error":"unauthorized"}');
        return;
      case '/cloudflare':
        res.writeHead(403, { Server: 'cloudflare', 'CF-RAY': '8f0a1b2c3d4e5f60-AMS', 'Content-Type': 'text/html' }).end(CLOUDFLARE_1020);
        return;
      case '/proxy':
        res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="corp"', 'Content-Type': 'text/plain' }).end('Proxy authentication required');
        return;
      case '/drf':
        sendJson(res, 403, { detail: 'Authentication credentials were not provided.' });
        return;
      case '/expired':
        res.writeHead(401, { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The access token expired"', 'Content-Type': 'application/json' }).end('{"error":"invalid_token"}');
        return;
      default:
        sendJson(res, 200, { ok: true });
    }
  });
});

afterAll(async () => {
  await server.close();
  removeHook();
});

const send = (...args: string[]) => spawnCli(['send', ...args], { from: 'source' });

describe('keyhole send under a refused response', () => {
  it('prints why and the fix after a 401 with no credentials, and exits 1', async () => {
    const r = await send(`${server.url}/bearer`);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^HTTP\/1\.1 401 Unauthorized/);
    expect(r.out).toMatch(/\nwhy: The request carried no credentials \[no-credentials, 9\d%\]\n/);
    expect(r.out).toMatch(/\nfix: Add Bearer credentials/);
  });

  it('names a CDN block page as a network policy, without echoing the token it was sent', async () => {
    const token = 'abcd0123456789-very-secret-token-wxyz';
    const r = await send(`${server.url}/cloudflare`, '--oauth2-bearer', token);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/why: Cloudflare blocked the request \(firewall rule\) \[blocked-by-network-policy, \d+%\]/);
    expect(r.out).toMatch(/fix: This is the site's firewall, not the API/);
    expect(r.out).not.toContain(token);
  });

  it('explains a 407 as the proxy\'s and a 403 "credentials were not provided" as no credentials', async () => {
    const proxy = await send(`${server.url}/proxy`);
    expect(proxy.out).toMatch(/why: A proxy, not the API, asks for credentials \[proxy-auth-required/);
    const drf = await send(`${server.url}/drf`);
    expect(drf.out).toMatch(/why: The request carried no credentials: the 403 means "not authenticated", not "not allowed" \[no-credentials/);
  });

  it('adds the findings to --json (spec shape, masked) and nothing to a response that was not refused', async () => {
    const secret = new TextEncoder().encode('a-long-enough-test-secret-for-hs256');
    const t0 = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(t0 - 7200).setExpirationTime(t0 - 3600).sign(secret);
    const r = await send(`${server.url}/expired`, '--oauth2-bearer', token, '--json');
    expect(r.code).toBe(1);
    expect(r.out).not.toContain(token);
    const view = JSON.parse(r.out) as { response: { status: number }; findings: unknown };
    expect(view.response.status).toBe(401);
    const report = ExplainReport.parse({ entries: [{ index: 0, method: 'GET', url: server.url, status: 401, findings: view.findings }] });
    const first = report.entries[0]!.findings[0]!;
    expect(first.id).toBe('token-expired');
    expect(first.title).toMatch(/^The bearer token expired \d+ minutes before the request$/);

    const ok = await send(`${server.url}/fine`, '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).not.toHaveProperty('findings');
    const plain = await send(`${server.url}/fine`);
    expect(plain.out).not.toMatch(/why:|fix:/);
  });
});
