import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { buildSchema, GraphQLError } from 'graphql';
import { KeyholeError } from '../../../shared/errors';
import { allowedPath, type FilePolicy } from '../execute/file-policy';

/**
 * The SDL of a `.graphql` file a request names: relative to the collection folder and confined to
 * it as uploads are (a cloned collection must not read ~/.ssh through its schema path). Checked to
 * build, so a typo is reported with its file and line here, not as "no completion" in the editor.
 */
export async function readSdlFile(path: string, policy: FilePolicy | undefined, requestName: string): Promise<string> {
  if (path.trim() === '') throw new KeyholeError('invalid-input', `Request ${requestName} names no SDL file`, { hint: 'Type the .graphql file\'s path, relative to the collection folder.' });
  if (!policy && !isAbsolute(path)) {
    throw new KeyholeError('invalid-input', `The SDL file ${JSON.stringify(path)} of request ${requestName} is relative, but the request is in no collection`, {
      hint: 'Save the request in a collection (paths are relative to its folder), or give an absolute path.',
    });
  }
  const real = policy ? await allowedPath(path, policy, requestName, { verb: 'reads the schema file' }) : path;
  let text: string;
  try {
    text = await readFile(real, 'utf8');
  } catch (e) {
    throw new KeyholeError('file-not-found', `The SDL file ${JSON.stringify(path)} of request ${requestName} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, {
      hint: 'The path is relative to the collection folder.', details: { path, resolved: real },
    });
  }
  try {
    buildSchema(text);
  } catch (e) {
    const at = e instanceof GraphQLError && e.locations?.[0] ? ` (line ${e.locations[0].line}, column ${e.locations[0].column})` : '';
    throw new KeyholeError('file-malformed', `The SDL file ${JSON.stringify(path)} is not a valid schema${at}: ${(e as Error).message}`, { hint: 'Fix the file, then Refresh.', details: { path } });
  }
  return text;
}
