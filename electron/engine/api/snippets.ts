import type { Snippet, SnippetLang } from '../../../shared/ipc/workspace-payloads';
import type { Folder, Request } from '../../../shared/model';
import { snippetFor } from '../exporters';
import type { Session } from '../session';

/** "Generate code" / "Copy as cURL" for a request in its session's collection and environment. */
export function sessionSnippet(s: Session, request: Request, folders: readonly Folder[], lang: SnippetLang, includeSecrets: boolean): Snippet {
  const out = snippetFor({ collection: s.collection, environment: s.environment, request, folders, lang, includeSecrets });
  return {
    output: out.output,
    secretsBlanked: out.report.secretsBlanked,
    notes: [...out.report.warnings, ...out.report.notCarried.map((n) => n.message)],
  };
}
