import type { VariableInfo } from '../../../shared/ipc/workspace-payloads';
import { maskSecret } from '../../../shared/mask';
import type { Collection, Environment, Variable } from '../../../shared/model';
import { DYNAMIC_NAMES } from '../../../shared/variables';
import { POSTMAN_RANDOM } from '../variables/postman-random';

const DYNAMIC_MEANING: Record<string, string> = {
  $guid: 'a new UUID at each use',
  $randomUUID: 'a new UUID at each use',
  $timestamp: 'the current Unix time in seconds',
  $isoTimestamp: 'the current time, ISO 8601',
  $randomInt: 'a random integer from 0 to 1000',
};

/**
 * The variables a request can use, most specific scope first (a name appears once, in the scope
 * that wins), for the URL bar's highlighting, hover and autocomplete. Secret values are masked.
 */
export function variablesInScope(collection: Collection | undefined, environment: Environment | undefined): VariableInfo[] {
  const out: VariableInfo[] = [];
  const seen = new Set<string>();
  const add = (scope: VariableInfo['scope'], rows: readonly Variable[]): void => {
    for (const v of rows) {
      if (v.enabled === false || seen.has(v.key)) continue;
      seen.add(v.key);
      out.push({ name: v.key, scope, value: v.secret ? maskSecret(v.value) : v.value, secret: v.secret, missing: v.secret && v.value === '' });
    }
  };
  add('environment', environment?.variables ?? []);
  add('collection', collection?.variables ?? []);
  for (const name of DYNAMIC_NAMES) out.push({ name, scope: 'dynamic', value: DYNAMIC_MEANING[name] ?? 'generated at each use', secret: false, missing: false });
  for (const name of Object.keys(POSTMAN_RANDOM)) out.push({ name, scope: 'dynamic', value: 'random data (faker.js) at each use, as in Postman', secret: false, missing: false });
  return out;
}
