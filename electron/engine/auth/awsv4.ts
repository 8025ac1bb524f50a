import aws4 from 'aws4';
import type { z } from 'zod';
import type { AwsSigV4Auth, HeaderList } from '../../../shared/model';
import { maskSecret, maskToken } from '../../../shared/mask';
import type { PreparedRequest } from '../http/types';
import { hashBody } from './body-hash';
import { requireField } from './config-error';
import { getHeader } from './request-edit';
import type { AuthScheme } from './types';

type AwsV4 = z.infer<typeof AwsSigV4Auth>;

export interface SigV4Input {
  method: string;
  url: string;
  headers: HeaderList;
  /** Body bytes, hashed by the signer; omit when payloadHash is given. */
  body?: Uint8Array | undefined;
  /** A precomputed hex SHA-256 of the payload, or UNSIGNED-PAYLOAD; sent as X-Amz-Content-Sha256. */
  payloadHash?: string | undefined;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  region: string;
  service: string;
  signQuery: boolean;
  /** YYYYMMDD'T'HHMMSS'Z', from the caller's clock. */
  amzDate: string;
}

export interface SigV4Result {
  url: string;
  headers: HeaderList;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  /** Header and query names the signature added (all credentials). */
  addedHeaders: string[];
  addedQuery: string[];
}

export function amzDate(now: Date): string {
  return now.toISOString().replace(/[:-]|\.\d{3}/g, '');
}

/**
 * AWS Signature Version 4 over aws4's canonicalization. aws4 is told not to touch the headers
 * (it would add a Content-Type the request does not send, which breaks the signature), so the
 * X-Amz-* headers are added here from the caller's clock instead of aws4's own `new Date()`.
 */
export function signAwsV4(input: SigV4Input): SigV4Result {
  const url = new URL(input.url);
  const obj: Record<string, string> = {};
  const caseOf = new Map<string, string>();
  for (const [k, v] of input.headers) {
    const lower = k.toLowerCase();
    if (lower === 'authorization' || lower === 'x-amz-date' || lower === 'x-amz-security-token' || lower === 'x-amz-content-sha256') continue;
    const key = caseOf.get(lower) ?? k;
    caseOf.set(lower, key);
    // Repeated headers are signed as one, values joined by ',' (the suite's get-header-key-duplicate).
    obj[key] = obj[key] === undefined ? v : `${obj[key]},${v}`;
  }
  if (!caseOf.has('host')) obj['Host'] = url.host;
  const added: HeaderList = [];
  const addHeader = (k: string, v: string): void => { obj[k] = v; added.push([k, v]); };
  if (!input.signQuery) {
    addHeader('X-Amz-Date', input.amzDate);
    if (input.sessionToken) addHeader('X-Amz-Security-Token', input.sessionToken);
  }
  if (input.payloadHash !== undefined) addHeader('X-Amz-Content-Sha256', input.payloadHash);

  const signer = new aws4.RequestSigner({
    method: input.method, host: url.host, path: `${url.pathname}${url.search}`, headers: obj,
    service: input.service, region: input.region, signQuery: input.signQuery, doNotModifyHeaders: true,
    ...(input.body && input.payloadHash === undefined ? { body: Buffer.from(input.body) } : {}),
  }, { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey, ...(input.sessionToken ? { sessionToken: input.sessionToken } : {}) });
  signer.datetime = input.amzDate;
  const canonicalRequest = signer.canonicalString();
  const stringToSign = signer.stringToSign();
  const signed = signer.sign();
  const headersOut: HeaderList = input.headers.filter(([k]) => !added.some(([a]) => a.toLowerCase() === k.toLowerCase()) && k.toLowerCase() !== 'authorization');
  headersOut.push(...added);
  if (input.signQuery) {
    const path = signed.path ?? '/';
    const addedQuery = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Security-Token', 'X-Amz-Signature']
      .filter((q) => new URLSearchParams(path.split('?')[1] ?? '').has(q));
    const signature = new URLSearchParams(path.split('?')[1] ?? '').get('X-Amz-Signature') ?? '';
    return { url: `${url.origin}${path}${url.hash}`, headers: headersOut, canonicalRequest, stringToSign, signature, addedHeaders: added.map(([k]) => k), addedQuery };
  }
  const authorization = String((signed.headers as Record<string, unknown>)['Authorization']);
  headersOut.push(['Authorization', authorization]);
  const signature = /Signature=([0-9a-f]+)/.exec(authorization)?.[1] ?? '';
  return { url: input.url, headers: headersOut, canonicalRequest, stringToSign, signature, addedHeaders: [...added.map(([k]) => k), 'Authorization'], addedQuery: [] };
}

/** The payload hash to sign: bytes are hashed by the signer, files are streamed through SHA-256. */
async function payloadFor(auth: AwsV4, req: PreparedRequest): Promise<{ body?: Uint8Array; payloadHash?: string; note: string }> {
  if (auth.unsignedPayload) return { payloadHash: 'UNSIGNED-PAYLOAD', note: 'payload not signed (UNSIGNED-PAYLOAD)' };
  const b = req.body;
  if (b.kind === 'bytes') {
    // S3 refuses requests without X-Amz-Content-Sha256; other services ignore it, so send it only there.
    if (auth.service === 's3') return { payloadHash: (await hashBody(b, 'sha256'))?.toString('hex') ?? '', note: `payload hash of ${b.data.byteLength} bytes` };
    return { body: b.data, note: `payload hash of ${b.data.byteLength} bytes` };
  }
  if (b.kind === 'file') {
    const h = await hashBody(b, 'sha256', req.baseDir);
    return { payloadHash: h?.toString('hex') ?? '', note: `payload hash streamed from ${b.path}` };
  }
  if (b.kind === 'multipart') return { payloadHash: 'UNSIGNED-PAYLOAD', note: 'multipart body is encoded while sending, so the payload is not signed (UNSIGNED-PAYLOAD)' };
  return auth.service === 's3' ? { payloadHash: (await hashBody(b, 'sha256'))?.toString('hex') ?? '', note: 'empty payload' } : { note: 'empty payload' };
}

export const awsV4Scheme: AuthScheme<AwsV4> = {
  type: 'awsv4',
  label: 'AWS Signature V4',
  async apply(auth, req, ctx) {
    const accessKeyId = requireField(ctx, 'AWS SigV4', 'accessKeyId', auth.accessKeyId);
    const secretAccessKey = requireField(ctx, 'AWS SigV4', 'secretAccessKey', auth.secretAccessKey);
    const region = requireField(ctx, 'AWS SigV4', 'region', auth.region);
    const service = requireField(ctx, 'AWS SigV4', 'service', auth.service);
    const payload = await payloadFor(auth, req);
    const r = signAwsV4({
      method: req.method, url: req.url, headers: req.headers, body: payload.body, payloadHash: payload.payloadHash,
      accessKeyId, secretAccessKey, sessionToken: auth.sessionToken || undefined, region, service,
      signQuery: auth.signQuery ?? false, amzDate: amzDate(ctx.now()),
    });
    // A presigned URL is a credential until it expires: its signature is masked wherever shown.
    ctx.madeSecret?.(r.signature);
    const names = (list: readonly string[], more: readonly string[]): string[] =>
      [...list, ...more.filter((m) => !list.some((l) => l.toLowerCase() === m.toLowerCase()))];
    const signedHeaders = /SignedHeaders=([^,\s]+)/.exec(getHeader(r.headers, 'authorization') ?? '')?.[1]
      ?? new URL(r.url).searchParams.get('X-Amz-SignedHeaders') ?? '';
    ctx.log(`AWS SigV4: signed for ${service} in ${region} with key ${accessKeyId}${auth.sessionToken ? ` and session token ${maskToken(auth.sessionToken)}` : ''}, `
      + `${auth.signQuery ? 'as a presigned URL' : 'in the Authorization header'} (signed headers ${signedHeaders}; ${payload.note}; signature ${maskSecret(r.signature)}).`);
    return {
      ...req, url: r.url, headers: r.headers,
      credentialHeaders: names(req.credentialHeaders, r.addedHeaders),
      credentialQuery: names(req.credentialQuery, r.addedQuery),
    };
  },
};
