/**
 * Sandbox-side JavaScript: the `pm` object's parts built once per context (variable scopes,
 * pm.test, pm.sendRequest, pm.execution, pm.iterationData). A fragment of the prelude function
 * body (see core.ts for the rules); legacy.ts and driver.ts follow it.
 */
export const PM = String.raw`
// Values cross to the host with their type (host-calls.ts encodes the other way): 's' and the
// text, 'j' and JSON, 'u' for undefined.
function decodeValue(s) {
  if (s === undefined) return undefined;
  var tag = s.charAt(0);
  if (tag === 's') return strSlice(s, 1);
  if (tag === 'u') return undefined;
  return jsonParse(strSlice(s, 1));
}
function encodeValue(v) {
  if (typeof v === 'string') return 's' + v;
  if (v === undefined) return 'u';
  if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') return 's' + String(v);
  try { var j = jsonStringify(v); return j === undefined ? 's' + String(v) : 'j' + j; } catch (e) { return 's' + String(v); }
}
// The text a typed value gives in {{references}}, as Postman's substitution does.
function valueText(v) {
  if (v === null) return 'null';
  if (v === undefined) return '';
  return typeof v.toString === 'function' ? String(v.toString()) : '';
}

function scopeApi(scope) {
  return {
    get: function (k) { return decodeValue(host.vget(scope, String(k))); },
    set: function (k, v) { host.vset(scope, String(k), encodeValue(v)); },
    unset: function (k) { host.vunset(scope, String(k)); },
    has: function (k) { return host.vhas(scope, String(k)); },
    toObject: function () { return jsonParse(host.vall(scope)); },
    clear: function () { host.vclear(scope); },
    replaceIn: function (template) { return replaceIn(template, scope); },
  };
}

// Postman's substitution: {{name}} taken as written (no trimming), inner references first and the
// text scanned again until nothing changes (at most 19 rounds), unknown names left as they are.
var REFERENCE = /\{\{([^{}]*?)}}/g;
function replaceIn(template, scope) {
  if (typeof template !== 'string') {
    if (template !== null && typeof template === 'object') return jsonParse(replaceIn(jsonStringify(template), scope));
    return template;
  }
  var text = template;
  for (var round = 0; round < 19; round++) {
    var changed = false;
    text = text.replace(REFERENCE, function (whole, name) {
      var s = name.charAt(0) === '$' ? host.dyn(name) : host.vget(scope || 'variables', name);
      if (s === undefined) return whole;
      changed = true;
      return name.charAt(0) === '$' ? s : valueText(decodeValue(s));
    });
    if (!changed) break;
  }
  return text;
}

function formatError(e) {
  if (e && typeof e === 'object' && e.name !== undefined && e.message !== undefined) return e.name + ': ' + e.message;
  return 'thrown: ' + describe(e);
}

// pm.test returns pm (the running execution's) for chaining.
// Assertions, like console lines, stay here until finish (or drain) hands them all to the host in
// one text: a host call each costs about as much as the rest of a pm.test. An assertion is its name,
// its flags (1 passed, 2 skipped) and a message only when there is one.
function recordTest(name, passed, message, skipped) {
  var flags = (passed ? 1 : 0) | (skipped ? 2 : 0);
  push(ex.results, message === undefined ? [String(name), flags] : [String(name), flags, String(message)]);
}

function makeTest() {
  var record = recordTest;
  function test(name, fn) {
    // As in Postman: a test with no function to run passes.
    if (typeof fn !== 'function') { record(name, true); return ex.pm; }
    var settled = false;
    ex.pending++;
    function done(err, failed) {
      if (settled) return;
      settled = true;
      ex.pending--;
      record(name, !failed, failed ? formatError(err) : undefined);
    }
    try {
      if (fn.length > 0) {
        fn(function (err) { if (err !== undefined && err !== null) done(err, true); else done(); });
      } else {
        var r = fn();
        if (r && typeof r.then === 'function') r.then(function () { done(); }, function (e) { done(e, true); });
        else done();
      }
    } catch (e) { done(e, true); }
    return ex.pm;
  }
  test.skip = function (name) { record(name, true, undefined, true); return ex.pm; };
  return test;
}

var sendSeq = 0, sendCallbacks = new Map();
function normalizeSend(req) {
  if (typeof req === 'string') return { method: 'GET', url: req, headers: [], body: null };
  if (!req || typeof req !== 'object') throw new TypeError('pm.sendRequest needs a URL or a request object');
  var url = req.url instanceof Url ? req.url.toString() : typeof req.url === 'object' && req.url !== null ? String(req.url.raw || req.url) : String(req.url);
  var headers = [], h = req.header || req.headers;
  if (h instanceof PropertyList) h = h.all();
  if (Array.isArray(h)) h.forEach(function (x) { if (typeof x === 'string') { var i = x.indexOf(':'); headers.push([x.slice(0, i).trim(), x.slice(i + 1).trim()]); } else if (!x.disabled) headers.push([String(x.key), String(x.value)]); });
  else if (h && typeof h === 'object') Object.keys(h).forEach(function (k) { headers.push([k, String(h[k])]); });
  var body = null, b = req.body;
  if (typeof b === 'string') body = { text: b };
  else if (b && b.mode === 'raw') body = { text: typeof b.raw === 'string' ? b.raw : jsonStringify(b.raw), language: b.options && b.options.raw && b.options.raw.language };
  else if (b && b.mode === 'urlencoded') body = { form: rowsOf(b.urlencoded).filter(function (r) { return !r.disabled; }).map(function (r) { return [r.key, r.value]; }) };
  else if (b && b.mode === 'graphql') body = { text: jsonStringify({ query: b.graphql.query, variables: b.graphql.variables }), language: 'json' };
  else if (b && b.mode) throw new TypeError('pm.sendRequest: body mode ' + b.mode + ' is not supported in scripts (use raw or urlencoded)');
  return { method: String(req.method || 'GET').toUpperCase(), url: url, headers: headers, body: body };
}
function sendRequest(req, callback) {
  var spec = normalizeSend(req);
  var id = ++sendSeq;
  var promise = new Promise(function (resolve, reject) {
    sendCallbacks.set(id, function (err, res) {
      if (typeof callback === 'function') {
        try { callback(err, res); } catch (e) { ex.pending--; throw e; }
      }
      ex.pending--;
      if (err) { if (typeof callback !== 'function') reject(err); else resolve(undefined); } else resolve(res);
    });
  });
  ex.pending++;
  host.send(id, jsonStringify(spec));
  return typeof callback === 'function' ? undefined : promise;
}
function deliver(id, errMessage, resJson) {
  var cb = sendCallbacks.get(id);
  if (!cb) return;
  sendCallbacks.delete(id);
  if (errMessage !== undefined) { cb(new NativeError(errMessage), null); return; }
  var meta = jsonParse(resJson);
  cb(null, new Response(meta, function () { return meta.text; }));
}

// The variable scopes hold no per-execution state, so they are built once per context; frozen, so
// a script that reassigns pm.environment.get cannot hand its version to the next script.
var SCOPES = {
  environment: freeze(scopeApi('environment')), collectionVariables: freeze(scopeApi('collection')),
  globals: freeze(scopeApi('globals')), variables: freeze(scopeApi('variables')),
};

function legacyScope(scope) {
  return jsonParse(host.vall(scope));
}

// The parts of pm that hold no per-execution state are built once per context and read the running
// execution (ex); frozen, so one script cannot hand its edits of them to the next.
var PM_TEST = makeTest();
var EXECUTION = freeze({
  setNextRequest: function (name) { host.next(name === null || name === undefined ? null : String(name)); },
  skipRequest: function () { if (ex.event === 'prerequest') host.skip(); },
});
var ITERATION_DATA = freeze({
  get: function (k) { return ex.data[k]; },
  has: function (k) { return Object.prototype.hasOwnProperty.call(ex.data, k); },
  toObject: function () { return Object.assign({}, ex.data); },
  unset: function (k) { delete ex.data[k]; },
  toJSON: function () { return Object.assign({}, ex.data); },
  replaceIn: function (template) { return replaceIn(template, 'variables'); },
});
`;

/** The wrapper's parameters, in the order begin() passes them; scripts see them as free names. */
export const SCRIPT_PARAMS = [
  'pm', 'postman', 'console', 'require', 'tests', 'responseBody', 'responseCode', 'responseHeaders', 'responseTime',
  'environment', 'globals', 'data', 'iteration', 'request', 'setTimeout', 'clearTimeout', 'atob', 'btoa',
  'responseCookies', '_', 'CryptoJS', 'tv4', 'xml2Json', 'cheerio',
] as const;
