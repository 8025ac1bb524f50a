import { resolve } from 'node:path';
import type { Request } from '../../../shared/model';
import { findRequest } from '../../engine/execute/prepare';
import { CLI_ALLOW_HOW, filePolicy } from '../../engine/execute/file-policy';
import { introspect, readSdlFile } from '../../engine/graphql';
import { adhocRequest } from '../adhoc';
import { openCliSession, parseVars } from '../context';
import { explainRefusal } from '../diagnose';
import { EXIT, formatError } from '../io';
import { printDiagnosis } from '../print-exchange';
import { requestTarget } from '../request-target';
import type { CommandContext } from '../declarations';
import type { GraphqlSchemaFlags } from '../declarations/graphql';

/** `keyhole graphql schema`: see declarations/graphql.ts. */
export async function graphqlSchemaCommand({ io, setExit }: CommandContext, target: string, flags: GraphqlSchemaFlags): Promise<void> {
  const { isUrl, collectionDir } = requestTarget(io, target, flags);
  const session = await openCliSession(io, flags, collectionDir);
  try {
    let request: Request;
    let folders: ReturnType<typeof findRequest>['folders'] = [];
    if (isUrl) request = adhocRequest(target, flags, io.cwd);
    else ({ request, folders } = findRequest(session.collection, target));
    if (flags.profile) request = { ...request, auth: { type: 'profile' as const, profile: flags.profile } };
    const source = request.body.mode === 'graphql' ? request.body.schema : undefined;
    if (source?.source === 'file') {
      const policy = filePolicy(collectionDir, {
        workingDir: flags.workingDir === undefined ? undefined : resolve(io.cwd, flags.workingDir), allowOutside: flags.allowFilesOutside, allowHow: CLI_ALLOW_HOW,
      });
      io.out(withNewline(await readSdlFile(source.path, policy, request.name)));
      setExit(EXIT.ok);
      return;
    }
    const out = await introspect(session, request, folders, { runtime: parseVars(flags.var) });
    if (out.ok) {
      io.out(withNewline(out.sdl));
      setExit(EXIT.ok);
      return;
    }
    io.err(formatError(out.error));
    const findings = out.exchange ? explainRefusal(out.exchange, session.secretValues) : [];
    if (findings.length > 0) printDiagnosis({ ...io, out: io.err }, findings);
    setExit(EXIT.failed);
  } finally {
    await session.close();
  }
}

const withNewline = (s: string): string => (s.endsWith('\n') ? s : `${s}\n`);
