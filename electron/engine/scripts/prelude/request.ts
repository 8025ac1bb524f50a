/**
 * Sandbox-side JavaScript: Postman's PropertyList (headers, query, form fields), Url and
 * RequestBody, enough of postman-collection's surface for the scripts people write. A fragment of
 * the prelude function body (see core.ts for the rules).
 */
export const REQUEST = String.raw`
// Marks pm.request (and the sdk's Request) for chai-postman's postmanRequest checks.
var REQUEST_MARK = Symbol('keyhole.request');

function PropertyList(items, caseInsensitive) {
  this._items = items || [];
  this._ci = !!caseInsensitive;
}
PropertyList.prototype._match = function (item, key) {
  return this._ci ? String(item.key).toLowerCase() === String(key).toLowerCase() : item.key === key;
};
PropertyList.prototype._live = function () {
  return this._items.filter(function (i) { return !i.disabled; });
};
PropertyList.prototype.all = function () { return this._live().map(function (i) { return { key: i.key, value: i.value }; }); };
PropertyList.prototype.count = function () { return this._live().length; };
PropertyList.prototype.each = function (fn) { this._live().forEach(function (i) { fn({ key: i.key, value: i.value }); }); };
PropertyList.prototype.map = function (fn) { return this.all().map(fn); };
PropertyList.prototype.filter = function (fn) { return this.all().filter(fn); };
PropertyList.prototype.find = function (fn) { return this.all().find(fn); };
PropertyList.prototype.idx = function (n) { return this.all()[n]; };
PropertyList.prototype.one = function (key) {
  var self = this, found;
  this._live().forEach(function (i) { if (self._match(i, key)) found = i; });
  return found ? { key: found.key, value: found.value } : undefined;
};
PropertyList.prototype.get = function (key) { var o = this.one(key); return o ? o.value : undefined; };
PropertyList.prototype.has = function (key, value) {
  var self = this;
  return this._live().some(function (i) { return self._match(i, key) && (arguments.length < 2 || value === undefined || i.value === value); });
};
PropertyList.prototype.toObject = function () {
  var out = {};
  this._live().forEach(function (i) { out[i.key] = i.value; });
  return out;
};
PropertyList.prototype._coerce = function (item, value) {
  if (typeof item === 'string') {
    if (value !== undefined) return { key: item, value: String(value) };
    var at = item.indexOf(':');
    return at < 0 ? { key: item.trim(), value: '' } : { key: item.slice(0, at).trim(), value: item.slice(at + 1).trim() };
  }
  if (!item || item.key === undefined) throw new TypeError('expected { key, value }');
  return { key: String(item.key), value: item.value === undefined || item.value === null ? '' : String(item.value), disabled: !!item.disabled };
};
PropertyList.prototype.add = function (item, value) { this._items.push(this._coerce(item, value)); };
PropertyList.prototype.append = PropertyList.prototype.add;
PropertyList.prototype.upsert = function (item, value) {
  var next = this._coerce(item, value), self = this, done = false;
  this._items.forEach(function (i) { if (!done && self._match(i, next.key)) { i.value = next.value; i.disabled = false; done = true; } });
  if (!done) this._items.push(next);
};
PropertyList.prototype.remove = function (pred) {
  var self = this;
  var test = typeof pred === 'function' ? function (i) { return pred({ key: i.key, value: i.value }); }
    : function (i) { return self._match(i, pred && pred.key !== undefined ? pred.key : pred); };
  this._items = this._items.filter(function (i) { return !test(i); });
};
PropertyList.prototype.clear = function () { this._items = []; };
PropertyList.prototype.populate = function (items) { var self = this; (items || []).forEach(function (i) { self.add(i); }); };
PropertyList.prototype.toJSON = function () { return this.all(); };
PropertyList.prototype.toString = function () {
  return this.all().map(function (i) { return i.key + '=' + i.value; }).join('&');
};

function rowsIn(search) {
  if (!search) return [];
  return search.split('&').filter(function (p) { return p !== ''; }).map(function (p) {
    var at = p.indexOf('=');
    return at < 0 ? { key: p, value: '' } : { key: p.slice(0, at), value: p.slice(at + 1) };
  });
}

// A URL as typed: {{variables}} stay unresolved, so it is kept as text, never parsed by URL().
function Url(raw, queryRows) {
  var s = String(raw), hash = '', at = s.indexOf('#');
  if (at >= 0) { hash = s.slice(at); s = s.slice(0, at); }
  var q = s.indexOf('?');
  this._base = q < 0 ? s : s.slice(0, q);
  this._hash = hash;
  this.query = new PropertyList(rowsIn(q < 0 ? '' : s.slice(q + 1)).concat(queryRows || []), false);
}
Url.prototype.getRaw = function () { return this.toString(); };
Url.prototype.toString = function () {
  var qs = this.query.toString();
  return this._base + (qs ? '?' + qs : '') + this._hash;
};
Url.prototype.update = function (raw) { var u = new Url(raw, []); this._base = u._base; this._hash = u._hash; this.query = u.query; };
Url.prototype._parts = function () {
  var m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/?#]*)(.*)$/.exec(this._base) || [];
  var hostPort = m[2] || '', colon = hostPort.lastIndexOf(':');
  var hasPort = colon >= 0 && /^\d+$/.test(hostPort.slice(colon + 1));
  return { protocol: m[1] || '', host: hasPort ? hostPort.slice(0, colon) : hostPort, port: hasPort ? hostPort.slice(colon + 1) : '', path: m[3] || '' };
};
Url.prototype.getHost = function () { return this._parts().host; };
Url.prototype.getPath = function () { return this._parts().path || '/'; };
Url.prototype.getPathWithQuery = function () { var q = this.query.toString(); return this.getPath() + (q ? '?' + q : ''); };
Url.prototype.getQueryString = function () { return this.query.toString(); };
Url.prototype.getRemote = function () { var p = this._parts(); return p.host + (p.port ? ':' + p.port : ''); };
Url.prototype.toJSON = function () { return this.toString(); };
['protocol', 'port'].forEach(function (k) {
  Object.defineProperty(Url.prototype, k, { get: function () { return this._parts()[k]; } });
});
Object.defineProperty(Url.prototype, 'host', { get: function () { return this.getHost().split('.'); } });
Object.defineProperty(Url.prototype, 'path', { get: function () { return this.getPath().split('/').filter(Boolean); } });

var RAW_LANG = { json: 'json', text: 'text', xml: 'xml' };
// Keyhole's body (shared/model/request.ts) as Postman's RequestBody, and back.
function toPostmanBody(b) {
  var body = { mode: undefined, _orig: b };
  if (b.mode === 'json' || b.mode === 'text' || b.mode === 'xml') {
    body.mode = 'raw'; body.raw = b.text; body.options = { raw: { language: RAW_LANG[b.mode] } };
  } else if (b.mode === 'form-urlencoded') {
    body.mode = 'urlencoded';
    body.urlencoded = new PropertyList(b.fields.map(function (f) { return { key: f.key, value: f.value, disabled: f.enabled === false }; }), false);
  } else if (b.mode === 'multipart') {
    body.mode = 'formdata';
    body.formdata = new PropertyList(b.fields.map(function (f) {
      return f.kind === 'file' ? { key: f.name, value: '', src: f.path, type: 'file', disabled: f.enabled === false }
        : { key: f.name, value: f.value, type: 'text', disabled: f.enabled === false };
    }), false);
  } else if (b.mode === 'binary') {
    body.mode = 'file'; body.file = { src: b.path };
  } else if (b.mode === 'graphql') {
    body.mode = 'graphql'; body.graphql = { query: b.query, variables: b.variables, operationName: b.operationName };
  }
  body.isEmpty = function () { return !this.mode || (this.mode === 'raw' && !this.raw); };
  body.toString = function () { return this.mode === 'raw' ? String(this.raw) : this.mode === 'urlencoded' ? this.urlencoded.toString() : ''; };
  body.update = function (next) {
    if (typeof next === 'string') { this.mode = 'raw'; this.raw = next; return; }
    for (var k in next) this[k] = next[k];
  };
  return body;
}
function rowsOf(list) {
  if (!list) return [];
  var items = list instanceof PropertyList ? list._items : list;
  return items.map(function (i) { return { key: String(i.key), value: i.value === undefined ? '' : String(i.value), disabled: !!i.disabled, src: i.src, type: i.type }; });
}
function fromPostmanBody(body) {
  var orig = body._orig;
  if (body.mode === 'raw') {
    var lang = body.options && body.options.raw && body.options.raw.language;
    var text = body.raw === undefined || body.raw === null ? '' : typeof body.raw === 'string' ? body.raw : jsonStringify(body.raw);
    if (lang === 'json' || (!lang && orig.mode === 'json')) return { mode: 'json', text: text };
    if (lang === 'xml' || (!lang && orig.mode === 'xml')) return { mode: 'xml', text: text };
    return orig.mode === 'text' ? { mode: 'text', text: text, contentType: orig.contentType } : { mode: 'text', text: text };
  }
  if (body.mode === 'urlencoded') {
    return { mode: 'form-urlencoded', fields: rowsOf(body.urlencoded).map(function (r) { return { key: r.key, value: r.value, enabled: !r.disabled }; }) };
  }
  if (body.mode === 'formdata') {
    return { mode: 'multipart', fields: rowsOf(body.formdata).map(function (r) {
      return r.type === 'file' || r.src ? { kind: 'file', name: r.key, path: String(r.src), enabled: !r.disabled }
        : { kind: 'text', name: r.key, value: r.value, enabled: !r.disabled };
    }) };
  }
  if (body.mode === 'file' && body.file) return { mode: 'binary', path: String(body.file.src), contentType: orig.contentType };
  if (body.mode === 'graphql' && body.graphql) {
    var g = body.graphql;
    return { mode: 'graphql', query: String(g.query || ''), variables: typeof g.variables === 'string' ? g.variables : g.variables ? jsonStringify(g.variables) : '', operationName: g.operationName };
  }
  return { mode: 'none' };
}

function makeRequest(r, writable) {
  var headers = new PropertyList(r.headers.map(function (h) { return { key: h.key, value: h.value, disabled: h.enabled === false }; }), true);
  var url = new Url(r.url, r.query.map(function (q) { return { key: q.key, value: q.value, disabled: q.enabled === false }; }));
  var req = { method: r.method, headers: headers, body: toPostmanBody(r.body) };
  if (r.description !== undefined) req.description = r.description;
  defineProp(req, REQUEST_MARK, { value: true });
  // pm.request.to.have.header(...): chai-postman's assertions on the request.
  defineProp(req, 'to', { get: function () { return requireModule('chai').expect(this).to; } });
  var initialUrl = url.toString();
  Object.defineProperty(req, 'url', {
    enumerable: true,
    get: function () { return url; },
    set: function (v) { if (writable) url = v instanceof Url ? v : new Url(typeof v === 'string' ? v : String(v), []); },
  });
  req.addHeader = function (h, v) { headers.add(h, v); };
  req.upsertHeader = function (h, v) { headers.upsert(h, v); };
  req.removeHeader = function (h) { headers.remove(h); };
  req.getHeaders = function () { return headers.toObject(); };
  req.toJSON = function () { return { method: req.method, url: url.toString(), header: headers.all() }; };
  // Back to Keyhole's shape; an untouched URL keeps its url/query split as stored.
  req._export = function () {
    var out = { method: String(req.method).toUpperCase(), headers: rowsOf(headers).map(function (h) { return { key: h.key, value: h.value, enabled: !h.disabled }; }) };
    if (url.toString() === initialUrl) { out.url = r.url; out.query = r.query; }
    else { out.url = url._base + url._hash; out.query = rowsOf(url.query).map(function (q) { return { key: q.key, value: q.value, enabled: !q.disabled }; }); }
    var b = req.body;
    // A script may replace the body with a plain { mode, raw } object.
    out.body = fromPostmanBody(b && b._orig ? b : Object.assign({ _orig: { mode: 'none' } }, b || {}));
    return out;
  };
  return req;
}
`;
