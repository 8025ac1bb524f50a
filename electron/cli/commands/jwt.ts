import { KeyholeError } from '../../../shared/errors';
import { inspectJwt, type JwtReport, type KeySource } from '../../../shared/inspector';
import { documentFetcher } from '../../engine/http';
import { EXIT, paint, type CliIO } from '../io';
import { readInput } from './explain';
import type { CommandContext, JwtFlags } from '../declarations';

async function keySource(io: CliIO, flags: JwtFlags): Promise<KeySource | undefined> {
  const given = (['secret', 'key', 'jwks', 'issuer'] as const).filter((k) => flags[k] !== undefined);
  if (given.length > 1) {
    throw new KeyholeError('usage', `Give one key source, not ${given.map((g) => `--${g}`).join(' and ')}`);
  }
  if (flags.secret !== undefined) return { kind: 'secret', secret: flags.secret };
  if (flags.issuer !== undefined) return { kind: 'issuer', url: flags.issuer };
  if (flags.jwks !== undefined && /^https?:\/\//i.test(flags.jwks)) return { kind: 'jwks-url', url: flags.jwks };
  const file = flags.key ?? flags.jwks;
  if (file === undefined) return undefined;
  const { text, label } = await readInput(io, file, 'key file');
  return { kind: 'text', text, label };
}

function printHuman(io: CliIO, r: JwtReport, depth = 0): void {
  const pad = '  '.repeat(depth);
  io.out(`${pad}${paint(io, 'bold', r.kind)}${r.kind === 'JWE' ? ' (encrypted)' : ''}\n`);
  io.out(`${pad}header: ${JSON.stringify(r.header)}\n`);
  if (r.payload) {
    io.out(`${pad}claims:\n`);
    for (const c of r.claims) {
      const when = c.iso ? ` = ${c.iso} (${c.relative})` : '';
      io.out(`${pad}  ${c.name}: ${JSON.stringify(c.value)}${when}  ${paint(io, 'dim', c.meaning)}\n`);
    }
  } else if (r.payloadText !== undefined && !r.nested) {
    io.out(`${pad}payload (not a JSON object): ${r.payloadText.slice(0, 500)}\n`);
  }
  if (r.nested) {
    io.out(`${pad}nested token:\n`);
    printHuman(io, r.nested, depth + 1);
  }
  for (const w of r.warnings) io.out(`${pad}${paint(io, 'yellow', 'warning')} ${w.code}: ${w.message}\n`);
  const v = r.verification;
  if (v) {
    io.out(v.verified ? `${pad}${paint(io, 'green', 'signature verified')} (alg ${v.alg}${v.kid ? `, kid ${v.kid}` : ''}): ${v.message}\n`
      : `${pad}${paint(io, 'red', `signature NOT verified: ${v.reason}`)}: ${v.message}\n`);
  }
}

/** `keyhole jwt`: see declarations/jwt.ts for the exit statuses. */
export async function jwtCommand({ io, setExit }: CommandContext, tokenArg: string, flags: JwtFlags): Promise<void> {
  let at = new Date();
  if (flags.at !== undefined) {
    at = new Date(flags.at);
    if (Number.isNaN(at.getTime())) throw new KeyholeError('usage', `--at "${flags.at}" is not an ISO 8601 time`, { hint: 'For example --at 2026-11-20T09:30:00Z' });
  }
  const token = tokenArg === '-' ? await io.stdin() : tokenArg;
  const key = await keySource(io, flags);
  const result = await inspectJwt(token, { at, key, fetcher: documentFetcher({ env: io.env }) });
  if (!result.ok) {
    if (flags.json) io.out(`${JSON.stringify({ error: result.error, warnings: result.warnings }, null, 2)}\n`);
    else io.err(`keyhole: the token cannot be decoded: ${result.error.message}\n`);
    setExit(EXIT.usage);
    return;
  }
  if (flags.json) io.out(`${JSON.stringify(result.report, null, 2)}\n`);
  else printHuman(io, result.report);
  setExit(result.report.verification && !result.report.verification.verified ? EXIT.failed : EXIT.ok);
}
