import type { CollectionFlags } from '../context';
import { collectOption } from './collect';
import type { DeclareCommand } from './index';

export const REPORTERS = ['cli', 'json', 'junit', 'html'];

export interface RunFlags extends CollectionFlags {
  folder?: string;
  reporter: string;
  jsonOut: string;
  junitOut: string;
  htmlOut: string;
  bail?: boolean;
  iterations?: string;
  delay: string;
  iterationData?: string;
  globals?: string;
  strictVariables?: boolean;
}

/**
 * `keyhole run DIR -e ENV`: every request (or those under --folder) in order, for each iteration.
 * Exit 0 when all passed, 1 when any failed, 2 when a request could not even be prepared for a
 * configuration reason (a missing secret, an unbound profile, an undefined variable).
 */
export const declareRun: DeclareCommand = (program, ctx) => {
  program
    .command('run')
    .description('Run the requests of a collection in order and report')
    .argument('<collection>', 'collection folder')
    .option('-e, --env <name>', 'environment to use')
    .option('--folder <name>', 'run only the requests under this folder')
    .option('-r, --reporter <list>', `reporters, comma-separated: ${REPORTERS.join(', ')}`, 'cli')
    .option('--json-out <file>', 'where the json reporter writes', 'keyhole-report.json')
    .option('--junit-out <file>', 'where the junit reporter writes', 'keyhole-junit.xml')
    .option('--html-out <file>', 'where the html reporter writes', 'keyhole-report.html')
    .option('--bail', 'stop at the first failed request')
    .option('-n, --iterations <n>', 'run the collection this many times (default 1, or one per data row)')
    .option('-d, --iteration-data <file>', 'CSV or JSON rows: one iteration per row, its columns as variables (pm.iterationData)')
    .option('--delay <ms>', 'wait between requests', '0')
    .option('-g, --globals <file>', 'a Postman globals (or environment) export whose values are the globals scope (pm.globals)')
    .option('--strict-variables', 'refuse a request whose {{variable}} is not defined, even in a Postman collection (which sends it as written)')
    .option('--secrets <file>', 'dotenv file with KEYHOLE_SECRET_* values')
    .option('--var <name=value>', 'set a runtime variable (repeatable; overrides every other scope)', collectOption)
    .option('--no-cookies', 'start with an empty cookie jar and do not save it')
    .action(async (dir: string, flags: RunFlags) => {
      const { runCommand } = await import('../commands/run');
      await runCommand(ctx, dir, flags);
    });
};
