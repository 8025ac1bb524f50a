/**
 * Sandbox-side JavaScript: what `require('postman-collection')` gives a script. Not the SDK itself
 * (with its dependencies it would be most of a megabyte for QuickJS to load) but its classes as
 * scripts use them: a Request to hand to pm.sendRequest, Url parsing, Header and QueryParam
 * parsing, and the isRequest/isResponse checks, all built on the prelude's own PropertyList, Url
 * and request objects. A fragment of the prelude function body (see core.ts for the rules).
 */
export const SDK = String.raw`
var sdkModule = null;

function urlText(u) {
  if (u === undefined || u === null) return '';
  if (typeof u === 'string') return u;
  if (u instanceof Url) return u.toString();
  if (typeof u.raw === 'string') return u.raw;
  var host = Array.isArray(u.host) ? u.host.join('.') : u.host || '';
  var path = Array.isArray(u.path) ? u.path.join('/') : u.path || '';
  var q = Array.isArray(u.query) ? u.query.filter(function (p) { return !p.disabled; }).map(function (p) { return p.value === null || p.value === undefined ? p.key : p.key + '=' + p.value; }).join('&') : '';
  return (u.protocol ? u.protocol + '://' : '') + host + (u.port ? ':' + u.port : '') + (path ? '/' + path.replace(/^\//, '') : '') + (q ? '?' + q : '') + (u.hash ? '#' + u.hash : '');
}

function headerRows(h) {
  if (!h) return [];
  if (h instanceof PropertyList) return rowsOf(h).map(function (r) { return { key: r.key, value: r.value, enabled: !r.disabled }; });
  if (typeof h === 'string') return parseHeaders(h).map(function (r) { return { key: r.key, value: r.value, enabled: true }; });
  if (Array.isArray(h)) return h.map(function (x) { return typeof x === 'string' ? parseHeaders(x)[0] : x; }).filter(Boolean).map(function (x) { return { key: String(x.key), value: x.value === undefined || x.value === null ? '' : String(x.value), enabled: !x.disabled }; });
  return Object.keys(h).map(function (k) { return { key: k, value: String(h[k]), enabled: true }; });
}

function parseHeaders(text) {
  return String(text).split(/\r?\n/).filter(function (l) { return l.indexOf(':') > 0; }).map(function (l) {
    var i = l.indexOf(':');
    return { key: l.slice(0, i).trim(), value: l.slice(i + 1).trim() };
  });
}

function SdkRequest(options) {
  var o = typeof options === 'string' ? { url: options } : options || {};
  var body = o.body ? fromPostmanBody(Object.assign({ _orig: { mode: 'none' } }, o.body)) : { mode: 'none' };
  var req = makeRequest({ method: String(o.method || 'GET').toUpperCase(), url: urlText(o.url), query: [], headers: headerRows(o.header || o.headers), body: body, description: typeof o.description === 'string' ? o.description : undefined }, true);
  if (o.body) req.body = toPostmanBody(body);
  return req;
}
SdkRequest.isRequest = function (o) { return !!o && o[REQUEST_MARK] === true; };

function SdkUrl(options) { return options instanceof Url ? options : new Url(urlText(options), []); }
SdkUrl.parse = function (text) { return new Url(String(text), []); };
SdkUrl.isUrl = function (o) { return o instanceof Url; };

function SdkHeader(options, name) {
  if (typeof options === 'string' && name !== undefined) return { key: String(name), value: options, toString: function () { return this.key + ': ' + this.value; } };
  var h = typeof options === 'string' ? parseHeaders(options)[0] || { key: '', value: '' } : options || {};
  return { key: String(h.key), value: h.value === undefined ? '' : String(h.value), toString: function () { return this.key + ': ' + this.value; } };
}
SdkHeader.parse = parseHeaders;
SdkHeader.unparse = function (list) { return rowsOf(list).map(function (h) { return h.key + ': ' + h.value; }).join('\n'); };

function SdkQueryParam(options) { return typeof options === 'string' ? rowsIn(options)[0] : { key: options.key, value: options.value }; }
SdkQueryParam.parse = rowsIn;
SdkQueryParam.unparse = function (list) { return rowsOf(list).map(function (q) { return q.key + '=' + q.value; }).join('&'); };

function postmanCollection() {
  if (sdkModule) return sdkModule;
  sdkModule = freeze({
    Request: SdkRequest,
    Url: SdkUrl,
    Header: SdkHeader,
    QueryParam: SdkQueryParam,
    PropertyList: function (type, parent, items) { return new PropertyList(headerRows(items).map(function (r) { return { key: r.key, value: r.value, disabled: !r.enabled }; }), false); },
    RequestBody: function (options) { return toPostmanBody(fromPostmanBody(Object.assign({ _orig: { mode: 'none' } }, options || {}))); },
    Response: { isResponse: function (o) { return !!o && o[RESPONSE_MARK] === true; } },
  });
  return sdkModule;
}
`;
