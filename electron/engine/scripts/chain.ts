import type { KeyholeError } from '../../../shared/errors';
import type { Collection, Folder, Request } from '../../../shared/model';
import type { PreRequestInput, PreRequestResult, ScriptAssertion, ScriptEngine, ScriptLog, TestInput, TestResult } from './types';

export interface ScriptLevel {
  /** "collection Petstore", "folder Users", "request Get user": used in script names. */
  label: string;
  scripts?: { preRequest?: string | undefined; test?: string | undefined } | undefined;
}

/** The levels whose scripts run around a request, outermost first (Postman's order). */
export function scriptChain(collection: Pick<Collection, 'name' | 'scripts'>, folders: readonly Pick<Folder, 'name' | 'scripts'>[], request: Pick<Request, 'name' | 'scripts'>): ScriptLevel[] {
  return [
    { label: `collection ${collection.name}`, scripts: collection.scripts },
    ...folders.map((f) => ({ label: `folder ${f.name}`, scripts: f.scripts })),
    { label: `request ${request.name}`, scripts: request.scripts },
  ];
}

export interface ChainPreRequestResult extends PreRequestResult {
  /** Every script that failed (the chain stops at the first pre-request failure). */
  errors: KeyholeError[];
}

export interface ChainTestResult extends TestResult {
  errors: KeyholeError[];
}

const present = (s: string | undefined): s is string => s !== undefined && s.trim() !== '';

/**
 * Collection, then folder (outer to inner), then request pre-request scripts, each seeing the
 * request as the previous one left it and all sharing the variable stores. A failing script stops
 * the chain; the request as it left it is returned with the error (the caller decides whether it
 * is sent: not in Keyhole's semantics, yes in Postman's).
 */
export async function runPreRequestChain(engine: ScriptEngine, levels: readonly ScriptLevel[], input: Omit<PreRequestInput, 'script' | 'scriptName'>): Promise<ChainPreRequestResult> {
  let request = input.request;
  const assertions: ScriptAssertion[] = [];
  const logs: ScriptLog[] = [];
  let nextRequest: string | null | undefined;
  let skip = false;
  for (const level of levels) {
    const script = level.scripts?.preRequest;
    if (!present(script)) continue;
    const r = await engine.runPreRequest(Object.assign({}, input, { request, script, scriptName: `pre-request script of ${level.label}` }));
    assertions.push(...r.assertions);
    logs.push(...r.logs);
    if (r.nextRequest !== undefined) nextRequest = r.nextRequest;
    skip ||= r.skip;
    request = r.request;
    if (r.error) return { request, skip, nextRequest, assertions, logs, error: r.error, errors: [r.error] };
  }
  return { request, skip, nextRequest, assertions, logs, errors: [] };
}

/**
 * Collection, folder (outer to inner) and request test scripts after the response. Each runs even
 * if an earlier one failed, as in Postman; `error` is the first failure.
 */
export async function runTestChain(engine: ScriptEngine, levels: readonly ScriptLevel[], input: Omit<TestInput, 'script' | 'scriptName'>): Promise<ChainTestResult> {
  const assertions: ScriptAssertion[] = [];
  const logs: ScriptLog[] = [];
  const errors: KeyholeError[] = [];
  let nextRequest: string | null | undefined;
  for (const level of levels) {
    const script = level.scripts?.test;
    if (!present(script)) continue;
    const r = await engine.runTest(Object.assign({}, input, { script, scriptName: `test script of ${level.label}` }));
    assertions.push(...r.assertions);
    logs.push(...r.logs);
    if (r.nextRequest !== undefined) nextRequest = r.nextRequest;
    if (r.error) errors.push(r.error);
  }
  return { nextRequest, assertions, logs, error: errors[0], errors };
}
