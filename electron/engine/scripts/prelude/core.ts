/**
 * Sandbox-side JavaScript (evaluated inside QuickJS, never in Node): console with an output cap,
 * atob/btoa, crypto.getRandomValues, timers, `require` for the bundled libraries, and the guard that
 * puts the global object and the built-in prototypes back after each script. Fragments in this
 * folder are concatenated into one function body (prelude/index.ts) and share its scope; they must
 * not contain backticks or dollar-brace sequences. Built-ins are captured first, so a script that
 * replaces Array.prototype.push cannot steer the machinery that cleans up after it.
 */
export const CORE = String.raw`
'use strict';
var G = globalThis;
var O = Object, R = Reflect;
var uncurry = function (f) { return Function.prototype.call.bind(f); };
var ownKeys = R.ownKeys, gopd = O.getOwnPropertyDescriptor, defineProp = O.defineProperty;
var isExtensible = O.isExtensible, jsonStringify = JSON.stringify, jsonParse = JSON.parse;
var push = uncurry(Array.prototype.push), join = uncurry(Array.prototype.join);
var setHas = uncurry(Set.prototype.has), NativeSet = Set, NativeError = Error;
var strSlice = uncurry(String.prototype.slice), strIndexOf = uncurry(String.prototype.indexOf);
var NativeFunction = Function, freeze = O.freeze;

// Per-execution state, reset by begin().
var ex = null;

function describe(v) {
  if (typeof v === 'string') return v;
  if (v instanceof NativeError) return v.stack ? v.name + ': ' + v.message + '\n' + v.stack : String(v);
  if (typeof v === 'function') return '[Function ' + (v.name || 'anonymous') + ']';
  if (typeof v === 'symbol' || typeof v === 'bigint') return String(v);
  if (v === undefined) return 'undefined';
  try { var s = jsonStringify(v); return s === undefined ? String(v) : s; } catch (e) { return String(v); }
}

function makeConsole() {
  function emit(level) {
    return function () {
      if (ex === null || ex.outClosed) return;
      var parts = [];
      for (var i = 0; i < arguments.length; i++) push(parts, describe(arguments[i]));
      var text = join(parts, ' ');
      ex.outBytes += text.length + 1;
      if (ex.outBytes > outputLimit) {
        ex.outClosed = true;
        push(ex.logs, ['warn', '[console output past ' + outputLimit + ' bytes dropped]']);
        return;
      }
      push(ex.logs, [level, text]);
    };
  }
  return { log: emit('log'), info: emit('info'), warn: emit('warn'), error: emit('error'), debug: emit('debug') };
}

var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function btoa(input) {
  var s = String(input), out = '';
  for (var i = 0; i < s.length; i += 3) {
    var a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
    if (a > 255 || b > 255 || c > 255) throw new NativeError('btoa: the string has characters outside Latin-1');
    var n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += B64.charAt((n >> 18) & 63) + B64.charAt((n >> 12) & 63) +
      (i + 1 < s.length ? B64.charAt((n >> 6) & 63) : '=') + (i + 2 < s.length ? B64.charAt(n & 63) : '=');
  }
  return out;
}
function atob(input) {
  var s = String(input).replace(/[\t\n\f\r ]+/g, '').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) throw new NativeError('atob: the string is not valid base64');
  var out = '', bits = 0, acc = 0;
  for (var i = 0; i < s.length; i++) {
    acc = (acc << 6) | B64.indexOf(s.charAt(i));
    bits += 6;
    if (bits >= 8) { bits -= 8; out += String.fromCharCode((acc >> bits) & 255); }
  }
  return out;
}

var cryptoObject = {
  getRandomValues: function (arr) {
    var hex = host.random(arr.byteLength);
    var bytes = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
    for (var i = 0; i < bytes.length; i++) bytes[i] = parseInt(strSlice(hex, i * 2, i * 2 + 2), 16);
    return arr;
  },
};

var timers = new Map(), timerSeq = 0;
function setTimeout(fn, ms) {
  if (typeof fn !== 'function') throw new TypeError('setTimeout needs a function');
  var args = Array.prototype.slice.call(arguments, 2);
  var id = ++timerSeq;
  timers.set(id, { fn: fn, args: args });
  ex.pending++;
  host.timer(id, Math.max(0, Number(ms) || 0));
  return id;
}
function clearTimeout(id) {
  if (!timers.has(id)) return;
  timers.delete(id);
  ex.pending--;
  host.untimer(id);
}
function fireTimer(id) {
  var t = timers.get(id);
  if (!t) return;
  timers.delete(id);
  ex.pending--;
  t.fn.apply(undefined, t.args);
}

// Bundled libraries (vendor names) are evaluated on first use and kept for the context's lifetime.
var libCache = new Map();
// What require() accepts and the bundled library behind each; null: the prelude's own
// (vendor-loader.ts REQUIRE_NAMES is the host's copy of this list).
var MODULES = {
  chai: 'chai', lodash: 'lodash', moment: 'moment', 'crypto-js': 'crypto-js', uuid: 'uuid', ajv: 'ajv', tv4: 'tv4', xml2js: 'xml2js',
  cheerio: 'cheerio', 'csv-parse': 'csv-parse', 'csv-parse/lib/sync': 'csv-parse', 'csv-parse/sync': 'csv-parse',
  'postman-collection': null, atob: null, btoa: null,
};
var MODULE_NAMES = join(O.keys(MODULES), ', ');
function loadLibrary(lib) {
  if (libCache.has(lib)) return libCache.get(lib);
  var src = host.lib(lib);
  if (typeof src !== 'string') {
    throw new NativeError('the library ' + lib + " was not loaded: name it in the script's text, as require('" + lib + "'), so it is loaded before the script runs");
  }
  var module = { exports: {} };
  var factory = new NativeFunction('module', 'exports', 'require', src);
  factory.call(module.exports, module, module.exports, requireModule);
  if (lib === 'chai') installResponseAssertions(module.exports);
  libCache.set(lib, module.exports);
  // SugarJS extends the built-ins' prototypes for every later script, as in Postman's sandbox: the
  // guard's picture of a clean context now includes them.
  if (lib === 'sugar') takeSnapshot();
  return module.exports;
}
function requireModule(name) {
  name = String(name);
  if (!O.prototype.hasOwnProperty.call(MODULES, name)) {
    throw new NativeError("require('" + name + "') is not available in scripts; the modules are: " + MODULE_NAMES);
  }
  if (name === 'atob') return atob;
  if (name === 'btoa') return btoa;
  if (name === 'postman-collection') return postmanCollection();
  var exported = loadLibrary(MODULES[name]);
  // csv-parse as Postman's sandbox has it (1.x): lib/sync is the parse function itself, and the
  // package a parse(input, options, callback).
  if (name === 'csv-parse/lib/sync') return exported.parse;
  if (name === 'csv-parse') return csvParseWithCallback(exported.parse);
  return exported;
}
function csvParseWithCallback(parse) {
  return function (input, options, callback) {
    if (typeof options === 'function') { callback = options; options = {}; }
    var records, error = null;
    try { records = parse(input, options); } catch (e) { error = e; }
    if (typeof callback === 'function') { callback(error, records); return undefined; }
    if (error) throw error;
    return records;
  };
}

// Postman's legacy xml2Json: xml2js with these options, parsed synchronously; {} when it fails.
function xml2Json(text) {
  var out = {};
  loadLibrary('xml2js').parseString(text, { explicitArray: false, async: false, trim: true, mergeAttrs: false }, function (err, result) { out = result; });
  return out;
}

// The guard: own properties of the global object and of the built-ins, as they were after setup.
var GUARDED = [G, Object, Object.prototype, Function, Function.prototype, Array, Array.prototype, String,
  String.prototype, Number, Number.prototype, Boolean.prototype, Symbol, Symbol.prototype, Promise,
  Promise.prototype, RegExp.prototype, Date, Date.prototype, Error, Error.prototype, TypeError.prototype,
  Map.prototype, Set.prototype, WeakMap.prototype, JSON, Math, Reflect];
var snapshot = null;
// The same snapshot flattened for the check that runs after every script: one loop over parallel
// arrays costs QuickJS's interpreter about half of a walk over per-object descriptor lists.
var keyCounts = [], dataObjs = [], dataKeys = [], dataValues = [], accessors = [];
function takeSnapshot() {
  snapshot = [];
  keyCounts = []; dataObjs = []; dataKeys = []; dataValues = []; accessors = [];
  for (var i = 0; i < GUARDED.length; i++) {
    var o = GUARDED[i], keys = ownKeys(o), descs = [];
    for (var j = 0; j < keys.length; j++) {
      var d = gopd(o, keys[j]);
      push(descs, d);
      if (d.get !== undefined || d.set !== undefined) push(accessors, { o: o, k: keys[j], get: d.get, set: d.set });
      else { push(dataObjs, o); push(dataKeys, keys[j]); push(dataValues, d.value); }
    }
    push(keyCounts, keys.length);
    push(snapshot, { o: o, keys: keys, keySet: new NativeSet(keys), descs: descs });
  }
}
function same(a, b) {
  return !!b && a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable &&
    a.enumerable === b.enumerable && a.configurable === b.configurable;
}
// The fast check reads values rather than descriptors (which allocate): a replaced, added or
// deleted property shows. After a script that names no built-in (builtin-names.ts) only the global
// object's key count is read: such a script cannot reach a built-in to change it, but a bare
// assignment (sloppy mode) still adds a global. After any other script, everything is compared.
// It does not see a data property turned into a getter that returns the original value; the
// guard is hygiene between one collection's scripts, the sandbox is the wall.
// A deleted key whose inherited value is the same object (rare) is caught by the key count unless
// another key was added in its place; the values are what scripts observe anyway.
function looksClean(values) {
  if (!values) return ownKeys(G).length === keyCounts[0] && isExtensible(G);
  for (var i = 0; i < GUARDED.length; i++) {
    var o = GUARDED[i];
    if (ownKeys(o).length !== keyCounts[i] || !isExtensible(o)) return false;
  }
  for (var j = 0, n = dataObjs.length; j < n; j++) {
    var v = dataObjs[j][dataKeys[j]], w = dataValues[j];
    if (v !== w && (v === v || w === w)) return false;
  }
  for (var a = 0; a < accessors.length; a++) {
    var e = accessors[a], cur = gopd(e.o, e.k);
    if (!cur || cur.get !== e.get || cur.set !== e.set) return false;
  }
  return true;
}
// Returns false when the built-ins cannot be put back (frozen, non-configurable additions): the
// host then throws the whole context away.
function restore(values) {
  if (looksClean(values !== 0)) return true;
  for (var i = 0; i < snapshot.length; i++) {
    var s = snapshot[i], o = s.o;
    if (!isExtensible(o)) return false;
    var keys = ownKeys(o);
    for (var k = 0; k < keys.length; k++) {
      if (!setHas(s.keySet, keys[k]) && !R.deleteProperty(o, keys[k])) return false;
    }
    for (var m = 0; m < s.keys.length; m++) {
      if (!same(s.descs[m], gopd(o, s.keys[m])) && !R.defineProperty(o, s.keys[m], s.descs[m])) return false;
    }
  }
  return true;
}

// The global object's names for the host's scan of scripts: those whose value is a guarded object
// (JSON, Math...), and the other rebindable ones (NaN, undefined and Infinity cannot change).
function globalNames() {
  var keys = ownKeys(G), guarded = [], other = [];
  for (var i = 0; i < keys.length; i++) {
    var d = gopd(G, keys[i]);
    if (typeof keys[i] !== 'string' || (d.get === undefined && d.set === undefined && !d.writable && !d.configurable)) continue;
    push(GUARDED.indexOf(d.value) >= 0 ? guarded : other, keys[i]);
  }
  return jsonStringify({ guarded: guarded, other: other });
}

// Postman's sandbox bundles SugarJS; old Postman tests call responseBody.has('text') (or a regex).
defineProp(String.prototype, 'has', { configurable: true, writable: true, enumerable: false, value: function has(find) {
  var s = String(this);
  return find instanceof RegExp ? s.search(find) !== -1 : s.indexOf(String(find)) !== -1;
} });

G.atob = atob;
G.btoa = btoa;
G.crypto = freeze(cryptoObject);
G.setTimeout = setTimeout;
G.clearTimeout = clearTimeout;
G.console = freeze(makeConsole());
`;
