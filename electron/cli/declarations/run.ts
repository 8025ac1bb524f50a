import { Option } from 'commander';
import type { CollectionFlags } from '../context';
import { collectOption } from './collect';
import type { DeclareCommand } from './index';

export const REPORTERS = ['cli', 'json', 'junit', 'html'];

/**
 * Keyhole's own names and newman's for the same thing are both accepted (`--reporter` and
 * `--reporters`, `--json-out` and `--reporter-json-export`...); commands/run.ts reads whichever
 * was given.
 */
export interface RunFlags extends CollectionFlags {
  environment?: string;
  globals?: string;
  folder?: string[];
  reporter?: string;
  reporters?: string;
  jsonOut?: string;
  junitOut?: string;
  htmlOut?: string;
  reporterJsonExport?: string;
  reporterJunitExport?: string;
  reporterHtmlExport?: string;
  /** true for a bare --bail, or newman's modifiers "folder,failure". */
  bail?: boolean | string;
  iterations?: string;
  iterationCount?: string;
  delay?: string;
  delayRequest?: string;
  iterationData?: string;
  envVar?: string[];
  globalVar?: string[];
  timeout?: string;
  timeoutRequest?: string;
  timeoutScript?: string;
  insecure?: boolean;
  ignoreRedirects?: boolean;
  suppressExitCode?: boolean;
  sslClientCert?: string;
  sslClientKey?: string;
  sslClientPassphrase?: string;
  sslExtraCaCerts?: string;
  cookieJar?: string;
  exportCookieJar?: string;
  exportEnvironment?: string;
  exportGlobals?: string;
  workingDir?: string;
  insecureFileRead?: boolean;
  verbose?: boolean;
  silent?: boolean;
  color?: string;
  shard?: string;
  strictVariables?: boolean;
}

/**
 * `keyhole run DIR|FILE`: every request (or those under --folder) in order, for each iteration.
 * FILE is a Postman collection (v2.0/v2.1), an Insomnia export or a Keyhole archive, imported in
 * memory. Exit 0 when all passed, 1 when any failed, 2 for a usage or configuration error (a bad
 * file, a missing secret, an unbound profile, an undefined variable). newman's options are taken
 * with newman's meanings (docs/migrate-from-newman.md).
 */
export const declareRun: DeclareCommand = (program, ctx) => {
  program
    .command('run')
    .description('Run the requests of a collection (a Keyhole folder, or a Postman, Insomnia or Keyhole archive file) in order and report')
    .argument('<collection>', 'collection folder, or a Postman collection, Insomnia export or Keyhole archive file')
    .option('-e, --env <name-or-file>', 'environment: a name in the collection, or a Postman environment file')
    .option('--environment <name-or-file>', 'same as -e (newman\'s name)')
    .option('-g, --globals <file>', 'Postman globals file')
    .option('--folder <name>', 'run only the requests under this folder, or the request of this name (repeatable)', collectOption)
    .option('-r, --reporter <list>', `reporters, comma-separated: ${REPORTERS.join(', ')} (default cli)`)
    .option('--reporters <list>', 'same as -r (newman\'s name)')
    .option('--json-out <file>', 'where the json reporter writes (default keyhole-report.json)')
    .option('--junit-out <file>', 'where the junit reporter writes (default keyhole-junit.xml)')
    .option('--html-out <file>', 'where the html reporter writes (default keyhole-report.html)')
    .addOption(new Option('--reporter-json-export <file>', 'same as --json-out'))
    .addOption(new Option('--reporter-junit-export <file>', 'same as --junit-out'))
    .addOption(new Option('--reporter-html-export <file>', 'same as --html-out'))
    .option('--bail [modifiers]', 'stop at the first failed request; "folder" stops only at a request error, "failure" at any failure')
    .option('-n, --iterations <n>', 'run the collection this many times (default 1, or one per data row)')
    .option('--iteration-count <n>', 'same as -n (newman\'s name)')
    .option('-d, --iteration-data <file>', 'CSV or JSON rows: one iteration per row, its columns as variables (pm.iterationData)')
    .option('--delay <ms>', 'wait between requests')
    .option('--delay-request <ms>', 'same as --delay (newman\'s name)')
    .option('--strict-variables', 'refuse a request whose {{variable}} is not defined, even in a Postman collection (which sends it as written)')
    .option('--secrets <file>', 'dotenv file with KEYHOLE_SECRET_* values')
    .option('--var <name=value>', 'set a runtime variable (repeatable; overrides every other scope)', collectOption)
    .option('--env-var <name=value>', 'set an environment variable (repeatable); its value is treated as a secret and masked', collectOption)
    .option('--global-var <name=value>', 'set a global variable (repeatable)', collectOption)
    .option('--timeout <ms>', 'time limit for the whole run (0: none)')
    .option('--timeout-request <ms>', 'time limit for each request (0: the default)')
    .option('--timeout-script <ms>', 'time limit for each script (0: the default)')
    .option('-k, --insecure', 'do not verify TLS certificates')
    .option('--ignore-redirects', 'do not follow redirects')
    .option('-x, --suppress-exit-code', 'exit 0 even when requests or assertions failed')
    .option('--ssl-client-cert <file>', 'client certificate (PEM) for every request')
    .option('--ssl-client-key <file>', 'its private key (PEM)')
    .option('--ssl-client-passphrase <phrase>', 'the key\'s passphrase')
    .option('--ssl-extra-ca-certs <file>', 'trust these CA certificates (PEM) as well')
    .option('--cookie-jar <file>', 'start from this cookie jar (tough-cookie JSON, as newman writes)')
    .option('--export-cookie-jar <file>', 'write the cookie jar here after the run')
    .option('--export-environment <file>', 'write the environment as it ended here (Postman format; secrets left empty)')
    .option('--export-globals <file>', 'write the globals as they ended here (Postman format; secrets left empty)')
    .option('--no-insecure-file-read', 'refuse body files outside the working folder')
    .option('--verbose', 'show headers, sizes and timing phases of every request')
    .option('--silent', 'print nothing on standard output (reports are still written)')
    .option('--color <when>', 'on, off or auto (a terminal without NO_COLOR)')
    .option('--shard <i/n>', 'run share i of n, split by top-level folder (docs/sharding.md)')
    .option('--no-cookies', 'start with an empty cookie jar and do not save it')
    .option('--working-dir <dir>', 'folder the files a request uploads come from, as newman\'s (default: the collection folder, or the current one for a Postman file); relative paths start there')
    .option('--allow-files-outside', 'let requests upload files from outside the collection folder (or --working-dir)')
    .action(async (dir: string, flags: RunFlags) => {
      const { runCommand } = await import('../commands/run');
      await runCommand(ctx, dir, flags);
    });
};
