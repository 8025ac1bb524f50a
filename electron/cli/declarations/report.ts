import type { DeclareCommand } from './index';

export interface ReportMergeFlags { out?: string }

/** `keyhole report merge FILE...`: the reports of `keyhole run --shard` jobs as one (docs/sharding.md). */
export const declareReport: DeclareCommand = (program, ctx) => {
  const report = program.command('report').description('Work with the reports keyhole run writes');
  report
    .command('merge')
    .description('Merge the JSON (or JUnit) reports of the shards of one run into one report of the same kind')
    .argument('<files...>', 'the shards\' reports, all JSON or all JUnit XML')
    .option('--out <file>', 'where to write the merged report (default: standard output)')
    .action(async (files: string[], flags: ReportMergeFlags) => {
      const { reportMergeCommand } = await import('../commands/report');
      await reportMergeCommand(ctx, files, flags);
    });
};
