import { Option } from 'commander';
import type { SendFlags } from '../adhoc';
import type { WebSocketFlags } from '../websocket-flags';
import type { GrpcFlags } from '../grpc-flags';
import type { CollectionFlags } from '../context';
import { collectOption } from './collect';
import type { DeclareCommand } from './index';

export type SendCommandFlags = SendFlags & WebSocketFlags & GrpcFlags & CollectionFlags & { include?: boolean; json?: boolean; profile?: string };

/**
 * `keyhole send`: one request, either curl-style (`send URL -X -H -d -u ...`) or a stored one
 * (`send -c DIR "Folder/Request" -e ENV`). Exit 0 for a response below 400, 1 otherwise. A ws://
 * or wss:// URL (or a stored WebSocket request) connects, sends each --message, listens (--wait)
 * and closes; frames print as they arrive, as do the events of an event-stream response. A refused
 * handshake or a close with an error code (1008 policy, 1011 server error...) exits 1. A grpc:// or
 * grpcs:// URL (package.Service/Method as its path) or a stored gRPC request calls the method with
 * each -d as a message; a status other than OK exits 1, with the explainer's diagnosis for 16 and 7.
 */
export const declareSend: DeclareCommand = (program, ctx) => {
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
    .option('-d, --data <data>', 'body; @file reads a file; implies POST (repeatable, joined with &). gRPC: one JSON message each, in order', collectOption)
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
    .option('--working-dir <dir>', 'folder the files a request uploads come from (default: the collection folder); relative paths start there')
    .option('--allow-files-outside', 'let requests upload files from outside the collection folder (or --working-dir)')
    .option('--message <text>', 'WebSocket: send this text frame (@file sends the file as a binary frame; repeatable, in order)', collectOption)
    .option('--wait <ms|count>', 'WebSocket: listen until this many messages arrived (3) or this long (500ms, 2s); both may be given', collectOption)
    .option('--subprotocol <name>', 'WebSocket: offer this subprotocol (repeatable, in order of preference)', collectOption)
    .option('--proto <file>', 'gRPC: read the service definitions from this .proto file (repeatable; default: server reflection)', collectOption)
    .option('--import-path <dir>', 'gRPC: a folder imports in the .proto files are looked up in (repeatable, in order, as protoc -I)', collectOption)
    .option('--plaintext', 'gRPC: no TLS, even for a grpcs:// URL (grpc:// is plaintext already)')
    .option('-i, --include', 'print response headers (gRPC: response headers and trailers)')
    .addOption(new Option('--json', 'print the whole exchange as JSON (secrets masked); for a WebSocket or an event stream, one JSON line per frame or event as it arrives, then the exchange').conflicts('include'))
    .action(async (target: string, flags: SendCommandFlags) => {
      const { sendCommand } = await import('../commands/send');
      await sendCommand(ctx, target, flags);
    });
};
