/**
 * Sandbox-side JavaScript: the per-execution driver the host calls (begin, state, deliver, fire,
 * finish, drain, restore). A fragment of the prelude function body (see core.ts for the rules);
 * the last one: it returns the driver to the host.
 */
export const DRIVER = String.raw`
// pm.request is built, and its JSON parsed, on first use: most test scripts never read it.
function theRequest() { return ex.req || (ex.req = makeRequest(jsonParse(ex.requestText), ex.event === 'prerequest')); }

// ctxText: three JSON texts, one a line (context.ts): the head, the request, the response's headers.
function begin(fn, ctxText) {
  var end1 = strIndexOf(ctxText, '\n'), end2 = strIndexOf(ctxText, '\n', end1 + 1);
  var c = jsonParse(strSlice(ctxText, 0, end1));
  if (c.response) c.response.headersText = strSlice(ctxText, end2 + 1);
  var response = c.response ? new PmResponse(c.response, function () { return host.text(); }) : undefined;
  if (response && c.stream) installStream(response, c.stream);
  ex = { pending: 0, outBytes: 0, outClosed: false, settled: false, error: undefined, tests: {}, c: c, event: c.event, data: c.data || {}, cookies: c.cookies, cookieItems: undefined, requestText: strSlice(ctxText, end1 + 1, end2), req: undefined, pm: undefined, legacy: undefined, results: [], logs: [] };
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
  if (c.event === 'test' && !response) pm.response = emptyResponse();
  var legacy = ex.legacy = c.legacy ? {
    responseBody: response ? response.text() : undefined,
    responseCode: response ? { code: response.code, name: response.status, detail: response.status } : c.event === 'test' ? { code: NaN, name: '', detail: '' } : undefined,
    responseHeaders: response ? response.headers.toObject() : c.event === 'test' ? {} : undefined,
    responseTime: response ? response.responseTime : c.event === 'test' ? NaN : undefined,
    responseCookies: c.event === 'test' ? cookieList().slice() : undefined,
    environment: legacyScope('environment'),
    globals: legacyScope('globals'),
    request: legacyRequest(c),
  } : {};
  var r;
  try {
    r = fn.call(undefined, pm, POSTMAN, G.console, requireModule, ex.tests, legacy.responseBody, legacy.responseCode,
      legacy.responseHeaders, legacy.responseTime, legacy.environment, legacy.globals, ex.data, c.info.iteration,
      legacy.request, setTimeout, clearTimeout, atob, btoa, legacy.responseCookies,
      libCache.get('lodash3'), libCache.get('crypto-js'), libCache.get('tv4'), xml2Json, libCache.get('cheerio'));
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
  Object.keys(t).forEach(function (k) { recordTest(k, !!t[k], t[k] ? undefined : 'AssertionError: expected ' + String(t[k]) + ' to be truthy', false); });
  var request = exportRequest && ex.req ? jsonStringify(ex.req._export()) : '';
  var out = ex.results.length > 0 || ex.logs.length > 0 || request ? gathered() + '\n' + request : undefined;
  timers.clear();
  sendCallbacks.clear();
  ex = null;
  return out;
}

// The prelude's own shared prototypes are guarded like the built-ins: a script that reaches one
// (pm.response.__proto__.json = f) cannot hand its version to the next script.
push(GUARDED, PropertyList.prototype, Url.prototype, Response.prototype, PmResponse.prototype, LazyHeaders.prototype);
takeSnapshot();
// restore answers as a string: the host reads strings with one call, other values through JSON.
// drain: what a script stopped by a limit gathered before it was stopped (the host then discards the context).
return { begin: begin, state: state, deliver: deliver, fire: fireTimer, finish: finish, drain: function () { return ex ? gathered() : undefined; },
  restore: function (values) { return restore(values) ? 'true' : 'false'; }, globals: globalNames, preload: function (name) { loadLibrary(name); } };
`;
