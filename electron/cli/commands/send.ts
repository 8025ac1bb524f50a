import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeyholeError } from '../../../shared/errors';
import { REFUSAL_STATUSES, type Finding } from '../../../shared/inspector';
import type { Exchange } from '../../../shared/model';
import { findRequest } from '../../engine/execute/prepare';
import { adhocRequest } from '../adhoc';
import { findCollectionDir, openCliSession, parseVars } from '../context';
import { explainRefusal } from '../diagnose';
import { EXIT } from '../io';
import { bodyText, printDiagnosis, printExchange } from '../print-exchange';
import type { CommandContext, SendCommandFlags } from '../declarations';

/** `keyhole send`: see declarations/send.ts for the two forms and the exit statuses. */
export async function sendCommand({ io, setExit }: CommandContext, target: string, flags: SendCommandFlags): Promise<void> {
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
    const { exchange, masked, secrets } = await session.send(request, folders, parseVars(flags.var));
    // Explained from the exchange as sent (token claims readable); every output is masked.
    const findings = REFUSAL_STATUSES.has(exchange.response.status) ? explainRefusal(exchange, secrets) : undefined;
    if (flags.json) {
      io.out(`${JSON.stringify(jsonView(masked, findings), null, 2)}\n`);
    } else {
      printExchange(io, masked, { headers: flags.include ?? false });
      if (findings) printDiagnosis(io, findings);
    }
    setExit(masked.response.status < 400 ? EXIT.ok : EXIT.failed);
  } finally {
    await session.close();
  }
}

/**
 * The exchange with its body as text where it is text, so `--json | jq` works; a refusal also
 * carries the explainer's findings (spec/explain-401.md), most likely first.
 */
function jsonView(e: Exchange, findings: Finding[] | undefined): unknown {
  return { ...e, response: { ...e.response, bodyText: bodyText(e) }, ...(findings ? { findings } : {}) };
}
