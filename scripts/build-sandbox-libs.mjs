// Bundles the libraries Postman scripts `require` or use as legacy globals (chai, lodash, moment,
// crypto-js, uuid, ajv, tv4, cheerio, xml2js, csv-parse, lodash 3 for `_`, and Postman's SugarJS
// build) into electron/engine/scripts/vendor/*.ts, one committed module per library exporting its
// source as a string. Committed rather than built on install so CI, tsx, vitest and electron-vite all load the
// same bytes with no build step; regenerate after bumping one of these pinned dev dependencies:
//   node scripts/build-sandbox-libs.mjs
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const outDir = fileURLToPath(new URL('../electron/engine/scripts/vendor/', import.meta.url));

const OPTIONAL_PROBES = ['crypto', 'util', 'stream', 'string_decoder'];
// CommonJS (.cjs): beside this repository's package.json (type module) a .js file would be taken as ESM.
const SHIMS = fileURLToPath(new URL('./sandbox-shims/', import.meta.url));
const packageDir = (pkg) => fileURLToPath(new URL(`../node_modules/${pkg}/`, import.meta.url));

// Each library: the vendor file's name, its npm package (the folder in node_modules) and entry
// (relative to the package folder), all CommonJS or ESM with no Node built-ins once shimmed. uuid's
// browser build draws from crypto.getRandomValues, which the sandbox provides. The versions are
// the ones Postman's sandbox (postman-sandbox 4.7.1, newman 6.2.2's) bundles where that matters to
// a script's verdict: ajv 6 (draft-04 to 07, no strict mode), lodash 3 as the legacy `_`, and its
// own SugarJS build, whose prototype extensions legacy scripts call.
const LIBS = [
  { name: 'chai', pkg: 'chai', entry: 'index.js' },
  { name: 'lodash', pkg: 'lodash', entry: 'lodash.js' },
  { name: 'moment', pkg: 'moment', entry: 'moment.js' },
  { name: 'crypto-js', pkg: 'crypto-js', entry: 'index.js' },
  { name: 'uuid', pkg: 'uuid', entry: 'dist/commonjs-browser/index.js' },
  { name: 'ajv', pkg: 'ajv6', entry: 'lib/ajv.js' },
  { name: 'tv4', pkg: 'tv4', entry: 'tv4.js' },
  { name: 'lodash3', pkg: 'lodash3', entry: 'index.js' },
  { name: 'xml2js', pkg: 'xml2js', entry: 'lib/xml2js.js' },
  { name: 'cheerio', pkg: 'cheerio', entry: 'dist/commonjs/slim.js' },
  { name: 'csv-parse', pkg: 'csv-parse', entry: 'dist/esm/sync.js' },
  { name: 'sugar', pkg: 'postman-sandbox', entry: 'lib/vendor/sugar.js', banner: 'var global = globalThis;' },
];

// Source edits made while bundling, each to one file of one pinned version, for speed only: the
// build fails if the text is not there, so a version bump makes someone look again. Every link of
// an assertion chain (.to, .have, .status()) builds a new Assertion behind a new Proxy; in QuickJS
// unpatched chai spends ~17 us a link there, the most of a typical Postman test's time.
// - transferFlags read `object.__flags` once per flag copied; the object is the new Assertion's
//   Proxy, so every read ran chai's proxy trap (~5 us a link). Reading it once gives the same
//   object, so the same flags.
// - The Assertion constructor set its five flags with five calls of util.flag, each making an
//   `arguments` object; patched, it stores them into the same flags object directly.
// - The proxy trap and addMethod's wrapper read and set the ssfi flags through two util.flag
//   calls each (in the wrapper, each through the trap again); patched, they touch the flags
//   object once, creating it as util.flag would.
// - proxify made a new handler object and trap function for every Assertion; assertions (no
//   method name to report) share one when patched, which behaves the same: the trap reads only its
//   arguments and chai's config.
const PATCHES = {
  chai: [{
    file: 'lib/chai/assertion.js',
    find: `    flag(this, 'ssfi', ssfi || Assertion);
    flag(this, 'lockSsfi', lockSsfi);
    flag(this, 'object', obj);
    flag(this, 'message', msg);
    flag(this, 'eql', config.deepEqual || util.eql);
`,
    replace: `    var flags = this.__flags || (this.__flags = Object.create(null));
    flags.ssfi = ssfi || Assertion;
    flags.lockSsfi = lockSsfi;
    flags.object = obj;
    flags.message = msg;
    flags.eql = config.deepEqual || util.eql;
`,
  }, {
    file: 'lib/chai/utils/proxify.js',
    find: `  return new Proxy(obj, {
    get: function proxyGetter(target, property) {`,
    replace: `  return new Proxy(obj, nonChainableMethodName === undefined ? sharedHandler : handler(nonChainableMethodName));
};

var sharedHandler = handler(undefined);
function handler(nonChainableMethodName) {
  return {
    get: function proxyGetter(target, property) {`,
  }, {
    file: 'lib/chai/utils/proxify.js',
    find: `      if (builtins.indexOf(property) === -1 && !flag(target, 'lockSsfi')) {
        flag(target, 'ssfi', proxyGetter);
      }`,
    replace: `      if (builtins.indexOf(property) === -1) {
        var targetFlags = target.__flags || (target.__flags = Object.create(null));
        if (!targetFlags.lockSsfi) targetFlags.ssfi = proxyGetter;
      }`,
  }, {
    file: 'lib/chai/utils/addMethod.js',
    find: `    if (!flag(this, 'lockSsfi')) {
      flag(this, 'ssfi', methodWrapper);
    }`,
    replace: `    var ownFlags = this.__flags || (this.__flags = Object.create(null));
    if (!ownFlags.lockSsfi) ownFlags.ssfi = methodWrapper;`,
  }, {
    file: 'lib/chai/utils/proxify.js',
    find: `      return Reflect.get(target, property);
    }
  });
};`,
    replace: `      return Reflect.get(target, property);
    }
  };
}`,
  }, {
    file: 'lib/chai/utils/transferFlags.js',
    find: `  if (!object.__flags) {
    object.__flags = Object.create(null);
  }
`,
    replace: `  var target = object.__flags || (object.__flags = Object.create(null));
`,
  }, {
    file: 'lib/chai/utils/transferFlags.js',
    find: '      object.__flags[flag] = flags[flag];',
    replace: '      target[flag] = flags[flag];',
  }],
};

/**
 * An esbuild plugin applying a library's PATCHES to the files they name. The build fails when a
 * patch's text is missing, and when its file was never bundled (the library was reorganised).
 */
function patches(lib, root) {
  const list = PATCHES[lib.name] ?? [];
  return {
    name: 'keyhole-patches',
    setup(b) {
      const applied = new Set();
      const files = [...new Set(list.map((p) => join(root, p.file)))];
      for (const file of files) {
        b.onLoad({ filter: new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }, () => {
          let text = readFileSync(file, 'utf8');
          for (const p of list.filter((x) => join(root, x.file) === file)) {
            if (!text.includes(p.find)) throw new Error(`${lib.name}: ${p.file} no longer contains the text a patch replaces`);
            text = text.replace(p.find, p.replace);
            applied.add(p);
          }
          return { contents: text, loader: 'js' };
        });
      }
      b.onEnd(() => {
        const missed = list.filter((p) => !applied.has(p));
        if (missed.length > 0) throw new Error(`${lib.name}: ${missed.map((p) => p.file).join(', ')} was not bundled, so its patch was not applied`);
      });
    },
  };
}

for (const lib of LIBS) {
  const root = packageDir(lib.pkg);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const result = await build({
    entryPoints: [join(root, lib.entry)],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'neutral',
    mainFields: ['main', 'module'],
    conditions: ['require', 'default'],
    minify: true,
    legalComments: 'none',
    target: 'es2020',
    // crypto-js probes for Node's crypto, chai's loupe for util.inspect and sax for stream and
    // string_decoder, all inside try/catch or never on the paths scripts take: the sandbox's
    // require refuses them and the libraries fall back to plain JavaScript.
    external: OPTIONAL_PROBES,
    alias: { events: join(SHIMS, 'events.cjs'), timers: join(SHIMS, 'timers.cjs') },
    ...(lib.banner ? { banner: { js: lib.banner } } : {}),
    logLevel: 'error',
    plugins: [patches(lib, root)],
  });
  const code = result.outputFiles[0].text;
  const required = [...code.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]);
  if (required.some((r) => !OPTIONAL_PROBES.includes(r))) throw new Error(`${lib.name}: bundle still requires a module (${required.join(', ')})`);
  const file = `${outDir}${lib.name}.ts`;
  writeFileSync(file, [
    `// Generated by scripts/build-sandbox-libs.mjs from ${pkg.name}@${pkg.version}${lib.pkg === 'postman-sandbox' ? ` ${lib.entry} (SugarJS, MIT license)` : ` (${pkg.license} license)`}. Do not edit.`,
    `export const version = ${JSON.stringify(pkg.version)};`,
    `export const source = ${JSON.stringify(code)};`,
    '',
  ].join('\n'));
  console.log(`${lib.name}@${pkg.version}: ${(code.length / 1024).toFixed(1)} kB`);
}
