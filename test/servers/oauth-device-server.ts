import type { IncomingMessage } from 'node:http';
import { startHttpServer, type HttpTestServer } from './http';

export interface DeviceServer extends HttpTestServer {
  /** The device_code of every poll, in order. */
  polls: string[];
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * RFC 8628 device endpoints whose token answers follow a script, because oidc-provider never
 * sends `slow_down` and a test cannot make a real user take exactly N polls. Each poll answers
 * the next entry: an RFC 8628 §3.5 error code (400), or 'token' (200 with an access token).
 */
export async function startDeviceServer(script: string[], interval = 1): Promise<DeviceServer> {
  const polls: string[] = [];
  let step = 0;
  const server = await startHttpServer((req, res) => {
    void (async () => {
      const form = await readForm(req);
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
      if (req.url === '/device') {
        return json(200, { device_code: 'dev-code-1', user_code: 'WDJB-MJHT', verification_uri: 'http://127.0.0.1/activate', expires_in: 600, interval });
      }
      if (req.url !== '/token' || form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:device_code') return json(400, { error: 'unsupported_grant_type' });
      polls.push(form.get('device_code') ?? '');
      const next = script[step++] ?? 'expired_token';
      if (next === 'token') return json(200, { access_token: `device-access-token-${step}`, token_type: 'Bearer', expires_in: 300 });
      return json(400, { error: next });
    })().catch((e: unknown) => res.writeHead(500).end(String(e)));
  });
  return Object.assign(server, { polls });
}
