import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import { mergeJsonReports, mergeJunitReports, reportKind, type ReportFile } from '../../engine/runner';
import { EXIT } from '../io';
import type { CommandContext, ReportMergeFlags } from '../declarations';

/** `keyhole report merge`: see declarations/report.ts. */
export async function reportMergeCommand({ io, setExit }: CommandContext, names: string[], flags: ReportMergeFlags): Promise<void> {
  const files: ReportFile[] = [];
  for (const name of names) {
    const path = resolve(io.cwd, name);
    try {
      files.push({ name, text: await readFile(path, 'utf8') });
    } catch (e) {
      throw new KeyholeError('file-not-found', `Cannot read the report ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const merged = reportKind(files) === 'junit' ? mergeJunitReports(files) : mergeJsonReports(files);
  if (flags.out) {
    const path = resolve(io.cwd, flags.out);
    try {
      await writeFile(path, merged);
    } catch (e) {
      throw new KeyholeError('write-failed', `Cannot write the merged report to ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    io.err(`Merged ${files.length} reports into ${path}\n`);
  } else io.out(merged);
  setExit(EXIT.ok);
}
