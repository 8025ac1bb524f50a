import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { KeyholeError } from '../../../shared/errors';
import type { Exchange } from '../../../shared/model';
import { findRequest } from '../../engine/execute/prepare';
import { adhocRequest, type SendFlags } from '../adhoc';
import { collectOption, findCollectionDir, openCliSession, parseVars, type CollectionFlags } from '../context';
import { EXIT } from '../io';
import { bodyText, printExchange } from '../print-exchange';
import type { RegisterCommand } from './index';

type Flags = SendFlags & CollectionFlags & { include?: boolean; json?: boolean; profile?: string };


/**
 * `keyhole send`: one request, either curl-style (`send URL -X -H -d -u ...`) or a stored one
 * (`send -c DIR "Folder/Request" -e ENV`). Exit 0 for a response below 400, 1 otherwise.
 */
export const registerSend: RegisterCommand = (program, io, setExit) => {
  program
    .command('send')
    .description('Send one request: a URL with curl-style flags, or a stored request by name')
    .argument('<target>', 'a URL, or the name (Folder/Request) of a request in the collection')
    .option('-c, --collection <dir>', 'collection folder (default: the one containing the current folder)')
    .option('-e, --env <name>', 'environment to use')
    .option('--secrets <file>', 'dotenv file with KEYHOLE_SECRET_* values')
    .option('--var <name=value>', 'set a runtime variable (repeatable; overrides every other scope)', collectOption)
    .option('-X, --request <method>', 'HTTP method')
    .option('-H, --header <header>', 'header "Name: value" (repeatable)', collectOption)
    .option('-d, --data <data>', 'body; @file reads a file; implies POST (repeatable, joined with &)', collectOption)
    .option('--data-raw <data>', 'body taken as is (no @file)', collectOption)
    .option('-u, --user <user:password>', 'credentials (Basic, or Digest with --digest, or AWS keys with --aws-sigv4)')
    .option('--basic', 'use HTTP Basic (the default with -u)')
    .option('--digest', 'use HTTP Digest: the challenge round trip happens by itself')
    .option('--oauth2-bearer <token>', 'send Authorization: Bearer TOKEN')
    .option('--aws-sigv4 <provider>', 'sign with AWS SigV4: "aws:amz:REGION:SERVICE"')
    .option('--profile <name>', 'use a saved auth profile of the collection (with -e)')
    .option('-k, --insecure', 'do not verify the TLS certificate (marked in the output)')
    .option('--cacert <file>', 'trust this CA bundle (PEM) as well')
    .option('--cert <file>', 'client certificate (PEM, or .p12/.pfx)')
    .option('--key <file>', 'client certificate private key (PEM)')
    .option('--pass <phrase>', 'passphrase for the key or PFX')
    .option('-x, --proxy <url>', 'use this proxy')
    .option('-m, --max-time <seconds>', 'total time limit')
    .option('--connect-timeout <seconds>', 'connect time limit')
    .option('--max-redirs <n>', 'redirect limit')
    .option('--no-follow', 'do not follow redirects')
    .option('--no-cookies', 'do not load or save the cookie jar of the environment')
    .option('-i, --include', 'print response headers')
    .addOption(new Option('--json', 'print the whole exchange as JSON (secrets masked)').conflicts('include'))
    .action(async (target: string, flags: Flags) => {
      const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) || (!flags.collection && !findCollectionDir(io.cwd));
      const collectionDir = flags.collection ? resolve(io.cwd, flags.collection) : findCollectionDir(io.cwd);
      if (flags.collection && !existsSync(resolve(io.cwd, flags.collection))) {
        throw new KeyholeError('file-not-found', `Collection folder ${resolve(io.cwd, flags.collection)} does not exist`);
      }
      const session = await openCliSession(io, flags, collectionDir);
      try {
        let request;
        let folders: ReturnType<typeof findRequest>['folders'] = [];
        if (isUrl) {
          request = adhocRequest(target, flags, io.cwd);
          if (flags.profile) request = { ...request, auth: { type: 'profile' as const, profile: flags.profile } };
        } else {
          ({ request, folders } = findRequest(session.collection, target));
          if (flags.profile) request = { ...request, auth: { type: 'profile' as const, profile: flags.profile } };
        }
        const { masked } = await session.send(request, folders, parseVars(flags.var));
        if (flags.json) io.out(`${JSON.stringify(jsonView(masked), null, 2)}\n`);
        else printExchange(io, masked, { headers: flags.include ?? false });
        setExit(masked.response.status < 400 ? EXIT.ok : EXIT.failed);
      } finally {
        await session.close();
      }
    });
};

/** The exchange with its body as text where it is text, so `--json | jq` works. */
function jsonView(e: Exchange): unknown {
  return { ...e, response: { ...e.response, bodyText: bodyText(e) } };
}
