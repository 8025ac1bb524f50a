import { KeyholeError } from '../../../shared/errors';
import { convertOpenApi, isOpenApi, type Importer, type ImportInput, type ImportOptions, type ImportResult } from '../../../shared/importers';
import { OpenApiShape } from '../../../shared/importers/openapi/convert';
import { parseForeign } from '../../../shared/importers/zod-path';

/**
 * OpenAPI 3.0/3.1 and Swagger 2.0. @readme/openapi-parser resolves internal $refs; external ones
 * (other files, URLs) are not followed, so an import never reaches the network or reads files the
 * user did not name. Circular schemas stay as $ref and the example generator stops at them.
 */
export async function parseOpenApi(input: ImportInput, opts: ImportOptions = {}): Promise<ImportResult> {
  // Shape first, so a malformed spec fails with the path inside it rather than a parser message.
  parseForeign(OpenApiShape, input.doc, 'OpenAPI/Swagger document', input.file);
  const copy: unknown = structuredClone(input.doc);
  // Loaded for an OpenAPI document only: the parser and its ajv are ~1 MB of source, and running a
  // Postman file (keyhole run, which imports it in memory) compiled them before its first request.
  const { dereference } = await import('@readme/openapi-parser');
  let deref: unknown;
  try {
    deref = await dereference(copy as Parameters<typeof dereference>[0], {
      dereference: { circular: 'ignore' },
      resolve: { external: false },
    });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pointer = /#\/[^\s"']*/.exec(msg)?.[0];
    throw new KeyholeError('import-failed', `${input.file ?? 'The OpenAPI document'}: a $ref cannot be resolved${pointer ? ` (${pointer})` : ''}: ${msg}`, {
      hint: 'External $refs (other files or URLs) are not followed: bundle the spec into one file first.',
      details: { path: pointer ?? '(unknown)' },
      cause: e,
    });
  }
  return convertOpenApi(deref, opts, input.file);
}

export const openApiImporter: Importer = {
  format: 'openapi',
  detect: (input) => isOpenApi(input.doc),
  parse: parseOpenApi,
};
