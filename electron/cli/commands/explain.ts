import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import { explainExchanges, explainWithKeys, harToExchanges, keysFromText, type ExplainReport } from '../../../shared/inspector';
import { EXIT, paint, type CliIO } from '../io';
import type { CommandContext, ExplainFlags } from '../declarations';

/** Reads a file named on the command line, or standard input for "-", with errors that name the path. */
export async function readInput(io: CliIO, file: string, what: string): Promise<{ text: string; label: string }> {
  if (file === '-') return { text: await io.stdin(), label: 'standard input' };
  const path = resolve(io.cwd, file);
  try {
    return { text: await readFile(path, 'utf8'), label: path };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new KeyholeError('file-not-found', `The ${what} ${path} does not exist`, { hint: 'Check the path (relative paths start from the current folder)' });
    throw new KeyholeError('file-not-found', `Cannot read the ${what} ${path}: ${(e as Error).message}`);
  }
}

function printHuman(io: CliIO, report: ExplainReport, label: string, total: number): void {
  if (report.entries.length === 0) {
    io.out(`No refusals in ${label}: no 401, 403 or 407 response and no GraphQL answer refused as UNAUTHENTICATED or FORBIDDEN (${total} ${total === 1 ? 'entry' : 'entries'}).\n`);
    return;
  }
  for (const entry of report.entries) {
    io.out(`${paint(io, 'bold', `#${entry.index} ${entry.method} ${entry.url}`)} ${paint(io, 'red', `-> ${entry.status}${entry.graphql ? ` (GraphQL ${entry.graphql.code}${entry.graphql.paths.length > 0 ? ` at ${entry.graphql.paths.join(', ')}` : ''})` : ''}`)}\n`);
    entry.findings.forEach((f, i) => {
      const pct = `${Math.round(f.confidence * 100)}%`;
      if (i === 0) {
        io.out(`  ${paint(io, 'yellow', f.id)} (${pct}): ${f.title}\n`);
        for (const e of f.evidence) io.out(`    ${paint(io, 'dim', 'evidence:')} ${e}\n`);
        for (const x of f.fixes) io.out(`    ${paint(io, 'green', 'fix:')} ${x}\n`);
      } else {
        if (i === 1) io.out(`  ${paint(io, 'dim', 'also possible:')}\n`);
        io.out(`    ${f.id} (${pct}): ${f.title}\n`);
      }
    });
    io.out('\n');
  }
}

/** `keyhole explain`: see declarations/explain.ts for the exit statuses. */
export async function explainCommand({ io, setExit }: CommandContext, file: string, flags: ExplainFlags): Promise<void> {
  const har = await readInput(io, file, 'HAR file');
  const parsed = harToExchanges(har.text, har.label);
  if (!parsed.ok) throw parsed.error;
  let report: ExplainReport;
  if (flags.key !== undefined) {
    const keyFile = await readInput(io, flags.key, 'key file');
    const keys = keysFromText(keyFile.text, keyFile.label);
    if (!keys.ok) throw new KeyholeError('invalid-input', keys.message, { hint: 'Give a JWK, a JWKS, a PEM public key or certificate, or a file holding only the shared secret' });
    report = await explainWithKeys(parsed.value, keys.keys);
  } else {
    report = explainExchanges(parsed.value);
  }
  if (flags.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
  else printHuman(io, report, har.label, parsed.value.length);
  setExit(EXIT.ok);
}
