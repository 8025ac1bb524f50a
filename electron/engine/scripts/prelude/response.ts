/**
 * Sandbox-side JavaScript: pm.response (and the responses pm.sendRequest hands back), plus the
 * Postman assertions on them (to.have.status, to.be.ok...) installed into chai as a plugin the
 * first time chai is loaded. A fragment of the prelude function body (see core.ts for the rules).
 */
export const RESPONSE = String.raw`
var RESPONSE_MARK = typeof Symbol === 'function' ? Symbol('keyhole.response') : '__keyholeResponse';
// A response's own state, under a symbol: out of Object.keys, for-in and JSON, like Postman's internals.
var STATE = Symbol('keyhole.responseState');

// pm.response and pm.sendRequest's responses. A constructor and shared methods: built once per
// execution, a response is a handful of property stores (an object literal with its closures and
// accessors cost QuickJS ~10 us). .to and .body are not own properties, as in Postman.
// meta: { code, status, headers: [[k, v]...] or headersText (the same as JSON), responseTime,
// responseSize }; readText() gives the body.
function Response(meta, readText) {
  this.code = meta.code;
  this.status = meta.status;
  this.responseTime = meta.responseTime;
  this.responseSize = meta.responseSize;
  this.headers = meta.headers ? new PropertyList(headerItems(meta.headers), true) : new LazyHeaders(meta.headersText);
  this[STATE] = { meta: meta, readText: readText, text: undefined, parsed: undefined, hasParsed: false };
}
Response.prototype[RESPONSE_MARK] = true;
Response.prototype.text = function () {
  var st = this[STATE];
  if (st.text === undefined) st.text = st.readText();
  return st.text;
};
Response.prototype.json = function () {
  var st = this[STATE];
  if (!st.hasParsed) { st.parsed = jsonParse(this.text()); st.hasParsed = true; }
  return st.parsed;
};
Response.prototype.reason = function () { return this[STATE].meta.status; };
Response.prototype.toJSON = function () {
  var meta = this[STATE].meta;
  return { code: meta.code, status: meta.status, header: this.headers.all(), responseTime: meta.responseTime };
};
defineProp(Response.prototype, 'to', { get: function () { return requireModule('chai').expect(this).to; } });
defineProp(Response.prototype, 'body', { get: function () { return this.text(); } });

// A WebSocket's frames or an event stream's events (Keyhole's extension, README "Scripts on
// WebSockets and event streams"): pm.response.messages are the received ones (text and binary
// frames, SSE events, NDJSON lines) with json(); pm.response.stream has the rest (sent frames,
// pings, the close, the subprotocol).
function StreamMessage(m) {
  var keys = Object.keys(m);
  for (var i = 0; i < keys.length; i++) this[keys[i]] = m[keys[i]];
}
StreamMessage.prototype.json = function () { return jsonParse(this.data); };
function installStream(response, s) {
  var all = [], received = [], sent = [];
  for (var i = 0; i < s.messages.length; i++) {
    var m = new StreamMessage(s.messages[i]);
    push(all, m);
    var payload = m.type === 'text' || m.type === 'binary' || m.type === 'event' || m.type === 'line';
    if (payload && m.direction === 'in') push(received, m);
    if (payload && m.direction === 'out') push(sent, m);
  }
  defineProp(response, 'messages', { value: received, enumerable: false });
  defineProp(response, 'stream', { value: freeze({ kind: s.kind, protocol: s.protocol, close: s.close, ended: s.ended, omitted: s.omitted, sent: sent, all: all }), enumerable: false });
}

function headerItems(list) {
  var items = [];
  for (var i = 0; i < list.length; i++) push(items, { key: list[i][0], value: list[i][1] });
  return items;
}

// The response's headers as a PropertyList whose items are parsed from their JSON on first use:
// most test scripts never read them, and QuickJS parses JSON at ~30 ns a byte.
function LazyHeaders(text) { this._text = text; this._ci = true; }
LazyHeaders.prototype = Object.create(PropertyList.prototype);
LazyHeaders.prototype.constructor = PropertyList;
defineProp(LazyHeaders.prototype, '_items', {
  get: function () { var items = headerItems(jsonParse(this._text)); own(this, '_items', items); return items; },
  set: function (v) { own(this, '_items', v); },
});
function own(o, k, v) { defineProp(o, k, { value: v, writable: true, enumerable: true, configurable: true }); }

function pathGet(obj, path) {
  var parts = String(path).replace(/\[(\w+)\]/g, '.$1').split('.').filter(function (p) { return p !== ''; });
  var cur = obj;
  for (var i = 0; i < parts.length; i++) {
    if (cur === null || typeof cur !== 'object' || !(parts[i] in cur)) return { found: false };
    cur = cur[parts[i]];
  }
  return { found: true, value: cur };
}

function installResponseAssertions(chai) {
  chai.use(function (chai, utils) {
    var A = chai.Assertion;
    function isResponse(o) { return !!o && o[RESPONSE_MARK] === true; }
    function response(a) {
      var o = a._obj;
      if (!isResponse(o)) throw new chai.AssertionError('expected a response (pm.response or a pm.sendRequest result), got ' + utils.inspect(o));
      return o;
    }
    function statusClass(name, test, describe) {
      var orig = Object.getOwnPropertyDescriptor(A.prototype, name);
      var check = function () {
        var r = response(this);
        this.assert(test(r.code), 'expected response code to be ' + describe + ' but found ' + r.code,
          'expected response code to not be ' + describe + ' but found ' + r.code);
      };
      if (orig) A.overwriteProperty(name, function (_super) { return function () { if (isResponse(this._obj)) check.call(this); else _super.call(this); }; });
      else A.addProperty(name, check);
    }
    statusClass('ok', function (c) { return c === 200; }, '200');
    statusClass('success', function (c) { return c >= 200 && c < 300; }, '2XX');
    statusClass('info', function (c) { return c >= 100 && c < 200; }, '1XX');
    statusClass('redirection', function (c) { return c >= 300 && c < 400; }, '3XX');
    statusClass('clientError', function (c) { return c >= 400 && c < 500; }, '4XX');
    statusClass('serverError', function (c) { return c >= 500 && c < 600; }, '5XX');
    statusClass('error', function (c) { return c >= 400 && c < 600; }, '4XX or 5XX');
    statusClass('accepted', function (c) { return c === 202; }, '202');
    statusClass('badRequest', function (c) { return c === 400; }, '400');
    statusClass('unauthorized', function (c) { return c === 401; }, '401');
    statusClass('forbidden', function (c) { return c === 403; }, '403');
    statusClass('notFound', function (c) { return c === 404; }, '404');
    statusClass('rateLimited', function (c) { return c === 429; }, '429');

    A.addMethod('status', function (expected) {
      var r = response(this);
      if (typeof expected === 'number') {
        this.assert(r.code === expected, 'expected response to have status code #{exp} but got #{act}',
          'expected response to not have status code #{act}', expected, r.code);
      } else {
        this.assert(r.status === expected, 'expected response to have status reason #{exp} but got #{act}',
          'expected response to not have status reason #{act}', expected, r.status);
      }
    });
    A.addMethod('header', function (name, value) {
      var r = response(this), has = r.headers.has(name);
      if (arguments.length < 2) {
        this.assert(has, "expected response to have header '" + name + "'", "expected response to not have header '" + name + "'");
        return;
      }
      var actual = r.headers.get(name);
      this.assert(has && actual === value, "expected '" + name + "' response header to be #{exp} but got #{act}",
        "expected '" + name + "' response header to not be #{act}", value, actual);
    });
    A.addMethod('body', function (expected) {
      var r = response(this), text = r.text();
      if (arguments.length === 0) { this.assert(text.length > 0, 'expected response to have a body', 'expected response to not have a body'); return; }
      if (expected instanceof RegExp) { this.assert(expected.test(text), 'expected response body to match #{exp}', 'expected response body to not match #{exp}', expected); return; }
      this.assert(text === expected, 'expected response body to equal #{exp} but got #{act}', 'expected response body to not equal #{act}', expected, text);
    });
    A.addMethod('jsonBody', function (path, value) {
      var r = response(this), json;
      try { json = r.json(); } catch (e) {
        this.assert(false, 'expected response body to be valid JSON but it did not parse: ' + e.message, 'expected response body to not be valid JSON');
        return;
      }
      if (arguments.length === 0) { this.assert(true, '', 'expected response body to not be valid JSON'); return; }
      var got = pathGet(json, path);
      if (arguments.length === 1) {
        this.assert(got.found, "expected response body json to have path '" + path + "'", "expected response body json to not have path '" + path + "'");
        return;
      }
      this.assert(got.found && utils.eql(got.value, value), "expected response body json at '" + path + "' to contain #{exp} but got #{act}",
        "expected response body json at '" + path + "' to not contain #{exp}", value, got.value);
    });
    A.addProperty('json', function () {
      var r = response(this), ok = true;
      try { r.json(); } catch (e) { ok = false; }
      this.assert(ok, 'expected response body to be a valid json', 'expected response body to not be a valid json');
    });
    A.addProperty('withBody', function () {
      var r = response(this);
      this.assert(r.text().length > 0, 'expected response to have content in body', 'expected response to not have content in body');
    });
  });
}
`;
