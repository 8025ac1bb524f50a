/**
 * The libraries scripts may use, as source text (generated into vendor/ by
 * scripts/build-sandbox-libs.mjs). Each is loaded into this thread only when a script names it,
 * and evaluated in the sandbox on its first use: a run whose scripts use none of them loads none.
 */
const loaders: Record<string, () => Promise<{ source: string }>> = {
  chai: () => import('./vendor/chai'),
  lodash: () => import('./vendor/lodash'),
  moment: () => import('./vendor/moment'),
  'crypto-js': () => import('./vendor/crypto-js'),
  uuid: () => import('./vendor/uuid'),
  ajv: () => import('./vendor/ajv'),
  tv4: () => import('./vendor/tv4'),
  lodash3: () => import('./vendor/lodash3'),
  xml2js: () => import('./vendor/xml2js'),
  cheerio: () => import('./vendor/cheerio'),
  'csv-parse': () => import('./vendor/csv-parse'),
  sugar: () => import('./vendor/sugar'),
};

/** The bundled libraries by vendor name (lodash3 is the legacy `_`, sugar Postman's prototype extensions). */
export const LIBRARY_NAMES = Object.keys(loaders);

/**
 * What `require(name)` accepts, and the bundled library behind each (postman-collection, atob and
 * btoa are the prelude's own). The same list is in the prelude (prelude/core.ts MODULES).
 */
export const REQUIRE_NAMES: Record<string, string | undefined> = {
  chai: 'chai', lodash: 'lodash', moment: 'moment', 'crypto-js': 'crypto-js', uuid: 'uuid', ajv: 'ajv', tv4: 'tv4',
  xml2js: 'xml2js', cheerio: 'cheerio', 'csv-parse': 'csv-parse', 'csv-parse/lib/sync': 'csv-parse', 'csv-parse/sync': 'csv-parse',
  'postman-collection': undefined, atob: undefined, btoa: undefined,
};

const CHAI_USE = /\bexpect\b|\.to\b|\bchai\b/;
// Postman's legacy sandbox hands these libraries to every script as globals.
const LEGACY_GLOBALS: [RegExp, string][] = [
  [/(^|[^\w$.])_\s*[.(]/, 'lodash3'], [/\bCryptoJS\b/, 'crypto-js'], [/\btv4\b/, 'tv4'], [/\bxml2Json\b/, 'xml2js'], [/\bcheerio\b/, 'cheerio'],
  // chai-postman's jsonSchema validates with ajv.
  [/\bjsonSchema\b/, 'ajv'],
];
/** Scripts written for Postman's legacy sandbox, which always had SugarJS's prototype extensions. */
const LEGACY_SANDBOX = /\btests\s*\[|\bresponseBody\b|\bresponseCode\b|\bpostman\s*\.|\bresponseHeaders\b/;

// Asked twice per execution (to load, then to evaluate before the clock starts): remembered by text.
const usedBy = new Map<string, string[]>();

/** The bundled libraries a script will load: by require('name'), by a legacy global, chai for pm.expect and pm.response.to. */
export function librariesUsedBy(script: string): string[] {
  let libs = usedBy.get(script);
  if (libs) return libs;
  if (usedBy.size >= 256) usedBy.clear();
  libs = scanLibraries(script);
  usedBy.set(script, libs);
  return libs;
}

function scanLibraries(script: string): string[] {
  const out = new Set<string>();
  if (CHAI_USE.test(script)) out.add('chai');
  for (const [name, lib] of Object.entries(REQUIRE_NAMES)) if (lib && (script.includes(`'${name}'`) || script.includes(`"${name}"`))) out.add(lib);
  for (const [re, lib] of LEGACY_GLOBALS) if (re.test(script)) out.add(lib);
  if (LEGACY_SANDBOX.test(script)) out.add('sugar');
  return [...out];
}

const sources = new Map<string, string>();
const loading = new Map<string, Promise<void>>();

/** Loads these libraries' sources into this thread (once each); names not bundled are ignored. */
export function loadLibraries(names: readonly string[]): Promise<void> | undefined {
  const missing = names.filter((n) => !sources.has(n) && Object.hasOwn(loaders, n));
  if (missing.length === 0) return undefined;
  return Promise.all(missing.map((name) => {
    let p = loading.get(name);
    if (!p) {
      p = (loaders[name] as () => Promise<{ source: string }>)().then((m) => { sources.set(name, m.source); });
      loading.set(name, p);
    }
    return p;
  })).then(() => undefined);
}

/** The source of a loaded library, or undefined for any other name (fs, child_process...) or one not loaded. */
export function librarySource(name: string): string | undefined {
  return Object.hasOwn(loaders, name) ? sources.get(name) : undefined;
}
