import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';

// The schema Keyhole's exports name in info.schema, vendored (see test/fixtures/import/SOURCES.md).
// It is draft-04, hence ajv-draft-04 rather than ajv's default draft-07 class.
const schema = JSON.parse(readFileSync(join(__dirname, '../../fixtures/import/postman-schema/collection-v2.1.0.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

export interface SchemaError { path: string; message: string }

/**
 * Errors of a Postman v2.1 document against the official schema, reduced to the deepest ones:
 * oneOf/anyOf failures repeat every branch's complaint, and the branch-level ones say nothing.
 */
export function postmanSchemaErrors(doc: unknown): SchemaError[] {
  if (validate(doc)) return [];
  const errs = (validate.errors ?? []).map((e) => ({ path: e.instancePath, message: `${e.message ?? ''}${e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : ''}` }));
  const paths = errs.map((e) => e.path);
  return errs.filter((e) => !paths.some((p) => p !== e.path && p.startsWith(`${e.path}/`)));
}
