/**
 * Sandbox-side JavaScript: the `pm` object, the legacy globals and the per-execution driver the
 * host calls (begin, state, deliver, fire, finish). A fragment of the prelude function body (see
 * core.ts for the rules); it ends by returning the driver to the host.
 */
export const PM = String.raw`
function scopeApi(scope) {
  return {
    get: function (k) { return host.vget(scope, String(k)); },
    set: function (k, v) { host.vset(scope, String(k), typeof v === 'string' ? v : v === undefined ? '' : typeof v === 'object' && v !== null ? jsonStringify(v) : String(v)); },
    unset: function (k) { host.vunset(scope, String(k)); },
    has: function (k) { return host.vhas(scope, String(k)); },
    toObject: function () { return jsonParse(host.vall(scope)); },
    clear: function () { host.vclear(scope); },
    replaceIn: replaceIn,
  };
}
function replaceIn(template) {
  if (typeof template !== 'string') return template;
  return template.replace(/\{\{([^{}]+)\}\}/g, function (whole, name) {
    var v = name.charAt(0) === '$' ? host.dyn(name) : host.vget('variables', name);
    return v === undefined ? whole : v;
  });
}

function formatError(e) {
  if (e && typeof e === 'object' && e.name !== undefined && e.message !== undefined) return e.name + ': ' + e.message;
  return 'thrown: ' + describe(e);
}

// pm.test returns pm (the running execution's) for chaining.
// Assertions, like console lines, stay here until finish (or drain) hands them all to the host in
// one text: a host call each cost about as much as the rest of a pm.test. An assertion is its name,
// its flags (1 passed, 2 skipped) and a message only when there is one.
function recordTest(name, passed, message, skipped) {
  var flags = (passed ? 1 : 0) | (skipped ? 2 : 0);
  push(ex.results, message === undefined ? [String(name), flags] : [String(name), flags, String(message)]);
}

function makeTest() {
  var record = recordTest;
  function test(name, fn) {
    if (typeof fn !== 'function') { record(name, false, 'pm.test needs a function'); return ex.pm; }
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
  var o = jsonParse(host.vall(scope));
  return o;
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
});
var COOKIES = freeze({
  get: function (k) { return ex.cookies[k]; },
  has: function (k) { return Object.prototype.hasOwnProperty.call(ex.cookies, k); },
  toObject: function () { return Object.assign({}, ex.cookies); },
});
var POSTMAN = freeze({
  setNextRequest: EXECUTION.setNextRequest,
  setEnvironmentVariable: SCOPES.environment.set, getEnvironmentVariable: SCOPES.environment.get, clearEnvironmentVariable: SCOPES.environment.unset,
  setGlobalVariable: SCOPES.globals.set, getGlobalVariable: SCOPES.globals.get, clearGlobalVariable: SCOPES.globals.unset,
  getVariable: SCOPES.variables.get, setVariable: SCOPES.variables.set,
});
// pm.request is built, and its JSON parsed, on first use: most test scripts never read it.
function theRequest() { return ex.req || (ex.req = makeRequest(jsonParse(ex.requestText), ex.event === 'prerequest')); }

// ctxText: three JSON texts, one a line (context.ts): the head, the request, the response's headers.
function begin(fn, ctxText) {
  var end1 = strIndexOf(ctxText, '\n'), end2 = strIndexOf(ctxText, '\n', end1 + 1);
  var c = jsonParse(strSlice(ctxText, 0, end1));
  if (c.response) c.response.headersText = strSlice(ctxText, end2 + 1);
  var response = c.response ? new Response(c.response, function () { return host.text(); }) : undefined;
  if (response && c.stream) installStream(response, c.stream);
  ex = { pending: 0, outBytes: 0, outClosed: false, settled: false, error: undefined, tests: {}, c: c, event: c.event, data: c.data || {}, cookies: c.cookies || {}, requestText: strSlice(ctxText, end1 + 1, end2), req: undefined, pm: undefined, results: [], logs: [] };
  var pm = ex.pm = {
    info: c.info,
    environment: SCOPES.environment,
    collectionVariables: SCOPES.collectionVariables,
    globals: SCOPES.globals,
    variables: SCOPES.variables,
    iterationData: ITERATION_DATA,
    get request() { return theRequest(); },
    set request(v) { defineProp(this, 'request', { value: v, writable: true, enumerable: true, configurable: true }); },
    response: response,
    cookies: COOKIES,
    execution: EXECUTION,
    sendRequest: sendRequest,
    require: requireModule,
    setNextRequest: EXECUTION.setNextRequest,
    test: PM_TEST,
    get expect() { return requireModule('chai').expect; },
  };
  var legacy = c.legacy ? {
    responseBody: response ? response.text() : undefined,
    responseCode: response ? { code: response.code, name: response.status, detail: response.status } : undefined,
    responseHeaders: response ? response.headers.toObject() : undefined,
    responseTime: response ? response.responseTime : undefined,
    environment: legacyScope('environment'),
    globals: legacyScope('globals'),
    request: { url: theRequest().url.toString(), method: theRequest().method, headers: theRequest().headers.toObject() },
  } : {};
  var r;
  try {
    r = fn.call(undefined, pm, POSTMAN, G.console, requireModule, ex.tests, legacy.responseBody, legacy.responseCode,
      legacy.responseHeaders, legacy.responseTime, legacy.environment, legacy.globals, ex.data, c.info.iteration,
      legacy.request, setTimeout, clearTimeout, atob, btoa);
  } catch (e) { ex.settled = true; ex.error = e; return state(); }
  // An async wrapper (the script awaits) settles in a promise job; a plain one has finished, unless
  // its top level returned a promise, which Postman's async sandbox would wait for too.
  var then = r !== null && (typeof r === 'object' || typeof r === 'function') ? r.then : undefined;
  if (typeof then === 'function') then.call(r, function () { ex.settled = true; }, function (e) { ex.settled = true; ex.error = e; });
  else ex.settled = true;
  // The host's first poll, answered here: 'done' with no job pending means it goes straight to finish.
  return state();
}

// What the host polls after running pending jobs: is the script done, and did it throw?
function state() {
  var e = ex.error;
  // The common answer, done without an error, as one character: no JSON either side.
  if (ex.settled && ex.pending === 0 && e === undefined) return 'done';
  return jsonStringify({
    settled: ex.settled, pending: ex.pending,
    error: e === undefined ? undefined : { name: e && e.name, message: e && e.message !== undefined ? String(e.message) : describe(e), stack: e && e.stack },
  });
}

// What the script gathered, as JSON: [assertions, console lines].
function gathered() { return jsonStringify([ex.results, ex.logs]); }

// Legacy tests[...] become assertions. The answer: nothing when there is nothing to report, else
// what the script gathered and, on the next line, a pre-request script's request if it read it (a
// request it never read is unchanged: the host keeps its own).
function finish(exportRequest) {
  var t = ex.tests;
  Object.keys(t).forEach(function (k) { recordTest(k, !!t[k], t[k] ? undefined : 'tests["' + k + '"] was ' + describe(t[k]), false); });
  var request = exportRequest && ex.req ? jsonStringify(ex.req._export()) : '';
  var out = ex.results.length > 0 || ex.logs.length > 0 || request ? gathered() + '\n' + request : undefined;
  timers.clear();
  sendCallbacks.clear();
  ex = null;
  return out;
}

// The prelude's own shared prototypes are guarded like the built-ins: a script that reaches one
// (pm.response.__proto__.json = f) cannot hand its version to the next script.
push(GUARDED, PropertyList.prototype, Url.prototype, Response.prototype, LazyHeaders.prototype);
takeSnapshot();
// restore answers as a string: the host reads strings with one call, other values through JSON.
// drain: what a script stopped by a limit gathered before it was stopped (the host then discards the context).
return { begin: begin, state: state, deliver: deliver, fire: fireTimer, finish: finish, drain: function () { return ex ? gathered() : undefined; },
  restore: function (values) { return restore(values) ? 'true' : 'false'; }, globals: globalNames, preload: function (name) { requireModule(name); } };
`;

/** The wrapper's parameters, in the order begin() passes them; scripts see them as free names. */
export const SCRIPT_PARAMS = [
  'pm', 'postman', 'console', 'require', 'tests', 'responseBody', 'responseCode', 'responseHeaders', 'responseTime',
  'environment', 'globals', 'data', 'iteration', 'request', 'setTimeout', 'clearTimeout', 'atob', 'btoa',
] as const;
