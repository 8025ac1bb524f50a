/**
 * Sandbox-side JavaScript: pm.cookies and its jar, and Postman's legacy interface (the postman
 * object, the legacy request global). A fragment of the prelude function body (see core.ts for the
 * rules), after pm.ts, whose scopes it uses.
 */
export const LEGACY = String.raw`
// pm.cookies: the cookies the jar holds for the request's URL (a CookieList in Postman). Its
// clear() empties this list only; jar() reaches the run's cookie jar itself.
function cookieList() {
  var own = ex.cookieItems || (ex.cookieItems = (ex.cookies || []).map(function (c) { return { key: c.name, value: c.value, name: c.name, domain: c.domain, path: c.path, secure: c.secure, httpOnly: c.httpOnly, expires: c.expires }; }));
  return own;
}
function findCookie(name) {
  var list = cookieList(), found;
  for (var i = 0; i < list.length; i++) if (list[i].name === name) found = list[i];
  return found;
}
function jarCall(op, url, name, value, callback) {
  var result, error = null;
  try { result = decodeValue(host.jar(op, String(url), name === undefined ? '' : String(name), value === undefined ? '' : String(value))); } catch (e) { error = e; }
  if (typeof callback === 'function') {
    ex.pending++;
    Promise.resolve().then(function () { ex.pending--; callback(error, result); });
  } else if (error) throw error;
}
var COOKIE_JAR = freeze({
  get: function (url, name, cb) { jarCall('get', url, name, undefined, cb); },
  getAll: function (url, options, cb) { jarCall('getAll', url, undefined, undefined, typeof options === 'function' ? options : cb); },
  set: function (url, name, value, cb) {
    if (name !== null && typeof name === 'object') { cb = value; value = name.value; name = name.name || name.key; }
    else if (typeof value === 'function') { cb = value; value = undefined; }
    jarCall('set', url, name, value, cb);
  },
  unset: function (url, name, cb) { jarCall('unset', url, name, undefined, cb); },
  clear: function (url, cb) { jarCall('clear', url, undefined, undefined, cb); },
});
var COOKIES = freeze({
  get: function (k) { var c = findCookie(k); return c ? c.value : undefined; },
  one: function (k) { return findCookie(k); },
  has: function (k, v) { var c = findCookie(k); return !!c && (arguments.length < 2 || c.value === v); },
  all: function () { return cookieList().slice(); },
  count: function () { return cookieList().length; },
  each: function (fn) { cookieList().forEach(fn); },
  toObject: function () { var o = {}; cookieList().forEach(function (c) { o[c.name] = c.value; }); return o; },
  clear: function () { ex.cookieItems = []; },
  jar: function () { return COOKIE_JAR; },
});

// Postman's legacy interface: setEnvironmentVariable stores a value's toString() (0 and other
// falsy values as they are) and mirrors it into the legacy environment/globals objects.
function legacyValue(v) { return (v === false || v) && typeof (v && v.toString) === 'function' ? v.toString() : v; }
function legacySet(scope, mirror) {
  return function (k, v) {
    v = legacyValue(v);
    if (ex.legacy && ex.legacy[mirror]) ex.legacy[mirror][k] = v;
    host.vset(scope, String(k), encodeValue(v));
  };
}
function legacyClear(scope, mirror) {
  return function () {
    var m = ex.legacy && ex.legacy[mirror];
    if (m) Object.keys(m).forEach(function (k) { delete m[k]; });
    host.vclear(scope);
  };
}
function legacyUnset(scope, mirror) {
  return function (k) {
    var m = ex.legacy && ex.legacy[mirror];
    if (m && k) delete m[k];
    host.vunset(scope, String(k));
  };
}
var POSTMAN = freeze({
  setNextRequest: EXECUTION.setNextRequest,
  setEnvironmentVariable: legacySet('environment', 'environment'), getEnvironmentVariable: SCOPES.environment.get,
  clearEnvironmentVariable: legacyUnset('environment', 'environment'), clearEnvironmentVariables: legacyClear('environment', 'environment'),
  setGlobalVariable: legacySet('globals', 'globals'), getGlobalVariable: SCOPES.globals.get,
  clearGlobalVariable: legacyUnset('globals', 'globals'), clearGlobalVariables: legacyClear('globals', 'globals'),
  getVariable: SCOPES.variables.get, setVariable: SCOPES.variables.set,
  getResponseHeader: function (name) {
    var r = ex.pm && ex.pm.response, h = r && r.headers && r.headers.one(name);
    return h ? h.value : undefined;
  },
  getResponseCookie: function (name) { return ex.event === 'test' ? findCookie(String(name)) : undefined; },
});

// The legacy request global: lower-cased header names, the body as Postman's legacy data.
function legacyRequest(c) {
  var r = theRequest(), headers = {}, data = {};
  r.headers.each(function (h) { headers[String(h.key).toLowerCase()] = h.value; });
  var b = r.body;
  if (b && b.mode === 'raw' && b.raw) data = b.raw;
  else if (b && (b.mode === 'urlencoded' || b.mode === 'formdata')) {
    rowsOf(b[b.mode]).forEach(function (p) {
      if (p.disabled) return;
      var had = data[p.key];
      data[p.key] = had === undefined ? p.value : Array.isArray(had) ? had.concat([p.value]) : [had, p.value];
    });
  }
  return { id: c.info.requestId, name: c.info.requestName, description: r.description, headers: headers, method: r.method, url: r.url.toString(), data: data };
}
`;
