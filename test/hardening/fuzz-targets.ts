import fc from 'fast-check';
import { importText } from '../../electron/engine/importers';
import { KeyholeError } from '../../shared/errors';
import {
  convertOpenApi, parseCurl, parseHar, parseInsomnia, parsePostmanCollection, parsePostmanEnvironment, readInput, shellWords,
} from '../../shared/importers';
import { parseChallenges } from '../../shared/inspector/challenge';
import { harToExchanges } from '../../shared/inspector/har';
import { decodeToken } from '../../shared/inspector/jwt';
import { resolveText, scopeFrom } from '../../shared/variables';

/**
 * Guarantee 6's fuzz targets, shared by the bounded property tests (fuzz.test.ts) and the long
 * run (`npm run fuzz`). Each target takes hostile input and may only return or throw a
 * KeyholeError; anything else (TypeError, RangeError from a blown stack...) is a crash.
 */

/** Keys that pollute prototypes when code copies objects with `obj[key] = value`. */
export const POISON_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Strings that would execute if anything evaluated templates instead of looking names up. */
export const INJECTIONS = [
  "{{constructor.constructor('return process')()}}",
  '{{__proto__}}', '{{constructor}}', '{{ prototype }}', '{{toString}}', '{{hasOwnProperty}}',
  "{{ _.constructor.constructor('return process.exit(1)')() }}", '{% raw %}{{x}}{% endraw %}', "{{ $env['HOME'] }}",
  '${process.exit(1)}', '`${1+1}`', '{{{{nested}}}}', '{{', '}}', '{{}}', '\u0000', '\uD800', '../../etc/passwd',
];

/** Field names of the formats we import, so random trees reach past the detectors. */
const FORMAT_KEYS = [
  'info', 'name', 'schema', 'item', 'request', 'url', 'raw', 'host', 'path', 'query', 'variable', 'auth', 'type', 'header', 'body', 'mode',
  'key', 'value', 'event', 'script', 'exec', 'values', '_type', 'resources', 'parentId', '_id', 'method', 'headers', 'authentication',
  'openapi', 'swagger', 'paths', 'servers', 'components', 'securitySchemes', 'security', 'parameters', 'requestBody', 'content',
  'log', 'entries', 'response', 'status', 'postData', 'text', 'params', 'cookies', 'startedDateTime', 'timings', 'bearer', 'basic',
  'apikey', 'oauth2', 'digest', 'awsv4', '$ref', 'in', 'required', 'example', 'examples', 'items', 'properties', 'collection', 'data',
  'environment', 'folder', 'formdata', 'urlencoded', 'graphql', 'file', 'src', 'protocolProfileBehavior',
];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS, ...POISON_KEYS, ...FORMAT_KEYS, 'https://127.0.0.1:1/x', '2.1.0', 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    '#/components/schemas/a', '#/paths', '#', 'file:///etc/passwd', '/etc/passwd', 'http://127.0.0.1:1/x.json', '3.0.0', '1.2', 'export', 'request', 'request_group', 'workspace', 'environment') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);
const hostileKey = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FORMAT_KEYS) }, { weight: 2, arbitrary: fc.constantFrom(...POISON_KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) });

/**
 * JSON text of a random tree whose objects may carry `__proto__` keys as own properties (as
 * JSON.parse makes them), which an object literal in a generator could not express.
 */
export const hostileJsonText: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString.map((s) => JSON.stringify(s)),
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)).map((v) => JSON.stringify(v)),
    fc.array(tie('node'), { maxLength: 5 }).map((xs) => `[${xs.join(',')}]`),
    fc.array(fc.tuple(hostileKey, tie('node')), { maxLength: 6 }).map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
})).node;

/** A random tree wrapped in the skeleton of one format, so the importer gets past its detector. */
export const seededDocuments: fc.Arbitrary<string> = fc.tuple(fc.integer({ min: 0, max: 6 }), hostileJsonText, hostileJsonText).map(([k, a, b]) => {
  switch (k) {
    case 0: return `{"info":{"name":"x","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":${a},"variable":${b}}`;
    case 1: return `{"_type":"export","__export_format":4,"resources":[{"_id":"wrk_1","_type":"workspace","name":"w"},{"_id":"req_1","_type":"request","parentId":"wrk_1","url":${a},"headers":${b},"authentication":${a}}]}`;
    case 2: return `{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/x":{"get":${a}}},"components":{"securitySchemes":${b}}}`;
    case 3: return `{"log":{"version":"1.2","entries":[{"request":${a},"response":${b},"startedDateTime":"2020-01-01T00:00:00Z"}]}}`;
    case 4: return `{"id":"e","name":"env","values":${a},"_postman_variable_scope":"environment"}`;
    case 5: return `{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":${a},"securityDefinitions":${b}}`;
    default: return a;
  }
});

/** cURL command lines built from hostile words, quotes and options. */
export const curlLines: fc.Arbitrary<string> = fc.array(fc.oneof(
  fc.constantFrom('-H', '-X', '-d', '--data-raw', '--data-binary', '-u', '--user', '-b', '--cookie', '-F', '--form', '-k', '--url', '-G', '--json',
    '--oauth2-bearer', '--aws-sigv4', '--digest', '--compressed', '-L', '--', '\\\n', "'", '"', '$\'\\x41\'', '@-', '@/etc/passwd', 'http://127.0.0.1:1/'),
  hostileString,
  hostileString.map((s) => `'${s}'`),
  hostileString.map((s) => `"${s}"`),
), { maxLength: 12 }).map((words) => `curl ${words.join(' ')}`);

/** Header values shaped like challenges: schemes, params, quotes, commas and escapes. */
export const challengeValues: fc.Arbitrary<string> = fc.array(fc.oneof(
  fc.constantFrom('Digest', 'Bearer', 'Basic', 'Negotiate', 'realm=', 'nonce=', 'qop="auth,auth-int"', 'error="invalid_token"', ',', ', ', '=', '"', '\\"', '\\', ' ', '==', 'token68=='),
  hostileString,
), { maxLength: 16 }).map((parts) => parts.join(''));

/** JWT-shaped text: dot-separated segments of base64url, JSON, hostile strings. */
export const jwtTexts: fc.Arbitrary<string> = fc.array(fc.oneof(
  fc.base64String({ maxLength: 60 }).map((s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')),
  hostileJsonText.map((j) => Buffer.from(j).toString('base64url')),
  hostileString,
), { minLength: 1, maxLength: 6 }).map((segs) => segs.join('.'));

const AT = new Date('2026-01-01T00:00:00Z');
const noDynamic = { now: () => AT, random: () => 0.5, uuid: () => '00000000-0000-4000-8000-000000000000' };

/** Runs `fn`; any throw that is not a KeyholeError is rethrown (a crash). */
export async function mustNotCrash(fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof KeyholeError) return;
    throw e;
  }
}

export interface FuzzTarget {
  name: string;
  arbitrary: fc.Arbitrary<string>;
  run: (input: string) => unknown;
}

/** Every parser of outside input, with the input generator that reaches it best. */
export const TARGETS: FuzzTarget[] = [
  { name: 'readInput (JSON/YAML front door)', arbitrary: fc.oneof(seededDocuments, hostileString), run: (t) => readInput(t) },
  { name: 'Postman collection importer', arbitrary: seededDocuments, run: (t) => parsePostmanCollection(readInput(t)) },
  { name: 'Postman environment importer', arbitrary: seededDocuments, run: (t) => parsePostmanEnvironment(readInput(t)) },
  { name: 'Insomnia importer', arbitrary: seededDocuments, run: (t) => parseInsomnia(readInput(t)) },
  { name: 'OpenAPI conversion', arbitrary: seededDocuments, run: (t) => convertOpenApi(readInput(t).doc) },
  // The engine's front door: detection, then the importer it picks ($refs dereferenced, external ones refused).
  { name: 'importText (auto-detect, every importer)', arbitrary: fc.oneof(seededDocuments, curlLines), run: (t) => importText(t) },
  { name: 'HAR importer', arbitrary: seededDocuments, run: (t) => parseHar(readInput(t)) },
  { name: 'cURL importer', arbitrary: curlLines, run: (t) => parseCurl(readInput(t)) },
  { name: 'shell words (cURL tokenizer)', arbitrary: curlLines, run: (t) => shellWords(t) },
  { name: 'HAR reader (inspector)', arbitrary: seededDocuments, run: (t) => harToExchanges(t) },
  { name: 'WWW-Authenticate parser', arbitrary: challengeValues, run: (t) => parseChallenges([t, t.slice(0, t.length >> 1)]) },
  { name: 'JWT decoder', arbitrary: jwtTexts, run: (t) => decodeToken(t, { at: AT }) },
  {
    name: 'variable resolution', arbitrary: fc.array(fc.oneof(fc.constantFrom(...INJECTIONS), hostileString), { maxLength: 6 }).map((p) => p.join('')),
    run: (t) => resolveText(t, {
      scopes: { environment: scopeFrom([{ key: 'x', value: '{{y}}', enabled: true, secret: false }, { key: 'y', value: 'ok', enabled: true, secret: false }]) },
      dynamic: noDynamic, where: 'fuzz',
    }),
  },
];

/** The prototypes a pollution would change, as a snapshot to compare after each run. */
export function prototypeSnapshot(): string {
  const protos: object[] = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
  return protos.map((p) => Object.getOwnPropertyNames(p).sort().join(',')).join('|');
}

export function polluted(before: string): string | undefined {
  const probe = {} as Record<string, unknown>;
  if (before !== prototypeSnapshot()) return 'a prototype gained or lost a property';
  for (const k of ['polluted', 'x', 'name', 'value', 'type', 'isAdmin']) if (k in probe) return `Object.prototype.${k} appeared`;
  return undefined;
}
