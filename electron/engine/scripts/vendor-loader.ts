/**
 * The libraries scripts may `require`, as source text (generated into vendor/ by
 * scripts/build-sandbox-libs.mjs). The script worker loads the text once per thread; the sandbox evaluates
 * a library only when a script first requires it (chai: on first pm.expect or pm.response.to).
 */
const loaders: Record<string, () => Promise<{ source: string }>> = {
  chai: () => import('./vendor/chai'),
  lodash: () => import('./vendor/lodash'),
  moment: () => import('./vendor/moment'),
  'crypto-js': () => import('./vendor/crypto-js'),
  uuid: () => import('./vendor/uuid'),
};

export const LIBRARY_NAMES = Object.keys(loaders);

const CHAI_USE = /\bexpect\b|\.to\b|\bchai\b/;
/** The bundled libraries a script will load: chai for pm.expect and pm.response.to, others by require('name'). */
export function librariesUsedBy(script: string): string[] {
  return LIBRARY_NAMES.filter((name) => (name === 'chai' && CHAI_USE.test(script)) || script.includes(`'${name}'`) || script.includes(`"${name}"`));
}

const sources = new Map<string, string>();
let loading: Promise<void> | undefined;

export function loadLibraries(): Promise<void> {
  loading ??= Promise.all(Object.entries(loaders).map(async ([name, load]) => {
    sources.set(name, (await load()).source);
  })).then(() => undefined);
  return loading;
}

/** The source of a bundled library, or undefined for any other name (fs, child_process...). */
export function librarySource(name: string): string | undefined {
  return Object.hasOwn(loaders, name) ? sources.get(name) : undefined;
}
