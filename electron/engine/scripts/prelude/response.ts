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
Response.prototype.details = function () { var m = this[STATE].meta; return { code: m.code, name: m.status, detail: m.status }; };
// Postman's size(): the decoded body and the header block, as the response carried them.
Response.prototype.size = function () { var m = this[STATE].meta, h = m.headerSize || 0; return { body: m.responseSize, header: h, total: m.responseSize + h }; };
Response.prototype.toJSON = function () {
  var meta = this[STATE].meta;
  return { code: meta.code, status: meta.status, header: this.headers.all(), responseTime: meta.responseTime };
};
defineProp(Response.prototype, 'body', { get: function () { return this.text(); } });

// pm.response: a Response with .to (pm.response.to.have.status(200)); those pm.sendRequest hands
// back have none, as in Postman (they are asserted with pm.expect(res).to...).
function PmResponse(meta, readText) { Response.call(this, meta, readText); }
PmResponse.prototype = Object.create(Response.prototype);
PmResponse.prototype.constructor = Response;
defineProp(PmResponse.prototype, 'to', { get: function () { return requireModule('chai').expect(this).to; } });

// pm.response of a request that could not be sent (Postman semantics): no status, no headers, no body.
function emptyResponse() { return new PmResponse({ code: undefined, status: undefined, responseTime: undefined, responseSize: 0, headers: [] }, function () { return ''; }); }

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

// lodash's _.has/_.get path syntax (a.b[0].c), for jsonBody as chai-postman reads it.
function pathParts(path) { return String(path).replace(/\[(\w+)\]/g, '.$1').split('.').filter(function (p) { return p !== ''; }); }
function pathGet(obj, path) {
  var parts = pathParts(path), cur = obj;
  for (var i = 0; i < parts.length; i++) {
    if (cur === null || cur === undefined || !Object.prototype.hasOwnProperty.call(Object(cur), parts[i])) return { found: false };
    cur = cur[parts[i]];
  }
  return { found: parts.length > 0, value: cur };
}

// chai-postman 2.0.1's assertions (what newman 6's sandbox installs), the same names, checks and
// outcomes: a Postman script's verdicts depend on them, down to which ones assert nothing.
var NAMED_STATUS = {
  accepted: [202, 'Accepted'], withoutContent: [204, 'No Content'], badRequest: [400, 'Bad Request'], unauthorised: [401, 'Unauthorised'],
  unauthorized: [401, 'Unauthorized'], forbidden: [403, 'Forbidden'], notFound: [404, 'Not Found'], notAcceptable: [406, 'Acceptable'],
  rateLimited: [429, 'Too Many Requests'],
};
var STATUS_CLASS = { info: 1, success: 2, redirection: 3, clientError: 4, serverError: 5 };

function installResponseAssertions(chai) {
  chai.use(function (chai, utils) {
    var A = chai.Assertion;
    function isResponse(o) { return !!o && o[RESPONSE_MARK] === true; }
    function isRequest(o) { return !!o && o[REQUEST_MARK] === true; }
    function mustBe(a, test, what) {
      var o = a._obj;
      if (!test(o)) throw new chai.AssertionError('expecting a postman ' + what + ' object but got ' + utils.inspect(o));
      return o;
    }
    var response = function (a) { return mustBe(a, isResponse, 'response'); };
    function code(a) {
      var r = response(a);
      if (typeof r.code !== 'number') throw new chai.AssertionError('expected ' + utils.inspect(r.code) + ' to be a number');
      return r.code;
    }
    A.addProperty('postmanRequest', function () { this.assert(isRequest(this._obj), 'expecting a postman request object but got #{this}', 'not expecting a postman request object'); });
    A.addProperty('postmanResponse', function () { this.assert(isResponse(this._obj), 'expecting a postman response object but got #{this}', 'not expecting a postman response object'); });
    A.addProperty('postmanRequestOrResponse', function () {
      this.assert(isResponse(this._obj) || isRequest(this._obj), 'expecting a postman request or response object but got #{this}', 'not expecting a postman request or response object');
    });
    A.addMethod('statusCodeClass', function (cls) {
      var c = code(this);
      this.assert(Math.floor(c / 100) === cls, 'expected response code to be #{exp}XX but found #{act}', 'expected response code to not be #{exp}XX', cls, c);
    });
    Object.keys(STATUS_CLASS).forEach(function (name) {
      A.addProperty(name, function () {
        var c = code(this);
        this.assert(Math.floor(c / 100) === STATUS_CLASS[name], 'expected response code to be #{exp}XX but found #{act}', 'expected response code to not be #{exp}XX', STATUS_CLASS[name], c);
      });
    });
    A.addProperty('error', function () {
      var c = code(this), cls = Math.floor(c / 100);
      this.assert(cls === 4 || cls === 5, 'expected response code to be 4XX or 5XX but found #{act}', 'expected response code to not be 4XX or 5XX', null, c);
    });
    A.addMethod('statusCode', function (expected) {
      var c = code(this);
      this.assert(c === Number(expected), 'expected response to have status code #{exp} but got #{act}', 'expected response to not have status code #{act}', Number(expected), c);
    });
    A.addMethod('statusReason', function (expected) {
      var r = response(this), reason = r.reason();
      expected = String(expected);
      this.assert(reason === expected, 'expected response to have status reason #{exp} but got #{act}', 'expected response to not have status reason #{act}', expected, reason);
    });
    Object.keys(NAMED_STATUS).forEach(function (name) {
      A.addProperty(name, function () {
        var r = response(this), want = NAMED_STATUS[name], reason = String(r.reason()).toUpperCase(), c = Number(r.details().code);
        this.assert(reason === want[1].toUpperCase(), 'expected response to have status reason #{exp} but got #{act}', 'expected response to not have status reason #{act}', want[1].toUpperCase(), reason);
        this.assert(c === want[0], 'expected response to have status code #{exp} but got #{act}', 'expected response to not have status code #{act}', want[0], c);
      });
    });
    A.addProperty('ok', function () {
      if (!isResponse(this._obj)) { this.assert(utils.flag(this, 'object'), 'expected #{this} to be truthy', 'expected #{this} to be falsy'); return; }
      var r = this._obj, reason = String(r.reason()).toUpperCase(), c = Number(r.details().code);
      this.assert(reason === 'OK', 'expected response to have status reason #{exp} but got #{act}', 'expected response to not have status reason #{act}', 'OK', reason);
      this.assert(c === 200, 'expected response to have status code #{exp} but got #{act}', 'expected response to not have status code #{act}', 200, c);
    });
    A.addMethod('status', function (expected) {
      var r = response(this);
      if (typeof expected === 'number') {
        var c = code(this);
        this.assert(c === expected, 'expected response to have status code #{exp} but got #{act}', 'expected response to not have status code #{act}', expected, c);
      } else {
        var reason = r.reason();
        this.assert(reason === expected, 'expected response to have status reason #{exp} but got #{act}', 'expected response to not have status reason #{act}', expected, reason);
      }
    });
    A.addMethod('header', function (name, value) {
      var o = mustBe(this, function (x) { return isResponse(x) || isRequest(x); }, 'request or response');
      var what = isRequest(o) ? 'request' : 'response', has = o.headers.has(name);
      this.assert(has, 'expected ' + what + " to have header with key '" + String(name) + "'", 'expected ' + what + " to not have header with key '" + String(name) + "'", true, has);
      if (arguments.length < 2) return;
      var actual = o.headers.one(name).value;
      this.assert(actual === value, "expected '" + String(name) + "' " + what + ' header to be #{exp} but got #{act}', "expected '" + String(name) + "' " + what + ' header to not be #{act}', value, actual);
    });
    A.addProperty('withBody', function () {
      var text = response(this).text();
      this.assert(typeof text === 'string' && text.length > 0, 'expected response to have content in body', 'expected response to not have content in body');
    });
    function jsonError(r) {
      try { r.json(); return undefined; } catch (e) { return e.name + ': ' + e.message; }
    }
    A.addProperty('json', function () {
      var err = jsonError(response(this));
      this.assert(!err, 'expected response body to be a valid json but got error ' + err, 'expected response body not to be a valid json');
    });
    A.addMethod('body', function (expected) {
      var r = response(this), actual;
      if (expected !== null && typeof expected === 'object' && Object.getPrototypeOf(expected) === Object.prototype) {
        try { actual = r.json(); } catch (e) { actual = undefined; }
        this.assert(utils.eql(actual, expected), 'expected response body json to equal #{exp} but got #{act}', 'expected response body json to not equal #{exp} but got #{act}', expected, actual);
        return;
      }
      actual = r.text();
      if (arguments.length === 0) { this.assert(typeof actual === 'string' && actual.length > 0, 'expected response to have content in body', 'expected response to not have content in body'); return; }
      if (expected instanceof RegExp) { this.assert(expected.exec(actual) !== null, 'expected response body text to match #{exp} but got #{act}', 'expected response body text #{act} to not match #{exp}', expected, actual); return; }
      this.assert(utils.eql(actual, expected), 'expected response body to equal #{exp} but got #{act}', 'expected response body to not equal #{exp}', expected, actual);
    });
    // jsonBody(path[, value]); given anything but a path (an object), chai-postman asserts nothing.
    A.addMethod('jsonBody', function (path, value) {
      var r = response(this), json, err;
      try { json = r.json(); } catch (e) { err = e.name + ': ' + e.message; }
      if (arguments.length === 0) { this.assert(!err, 'expected response body to be a valid json but got error ' + err, 'expected response body not to be a valid json'); return; }
      if (typeof path !== 'string') return;
      var got = pathGet(json, path);
      this.assert(got.found, 'expected #{act} in response to contain property #{exp}', 'expected #{act} in response to not contain property #{exp}', path, json);
      if (arguments.length > 1) {
        this.assert(utils.eql(got.value, value), 'expected response body json at "' + path + '" to contain #{exp} but got #{act}', 'expected response body json at "' + path + '" to not contain #{exp} but got #{act}', value, got.value);
      }
    });
    function numberCheck(what) {
      return function (expected) {
        var n = utils.flag(this, 'number');
        this.assert(typeof n === 'number', 'expected response to have a valid ' + what + ' but got #{act}', 'expected response to not have a valid ' + what + ' but got #{act}', null, n);
        if (arguments.length) this.assert(utils.eql(n, expected), 'expected response ' + what + ' to equal #{exp} but got #{act}', 'expected response ' + what + ' to not equal #{exp}', expected, n);
      };
    }
    A.addChainableMethod('responseTime', numberCheck('response time'), function () {
      var r = response(this);
      utils.flag(this, 'number', r.responseTime);
      utils.flag(this, 'object', r.responseTime);
    });
    A.addChainableMethod('responseSize', numberCheck('response size'), function () {
      var size = response(this).size(), total = (size.header || 0) + (size.body || 0);
      utils.flag(this, 'number', total);
      utils.flag(this, 'object', total);
    });
    A.addMethod('jsonSchema', function (schema, options) {
      if (schema === null || typeof schema !== 'object') throw new chai.AssertionError('expected ' + utils.inspect(schema) + ' to be an object');
      var o = this._obj;
      var data = isResponse(o) || (isRequest(o) && typeof o.json === 'function') ? o.json() : o;
      var Ajv = loadLibrary('ajv'), ajv = new Ajv(Object.assign({ allErrors: true, logger: false }, options));
      var valid = ajv.validate(schema, data);
      this.assert(valid && !ajv.errors, 'expected data to satisfy schema but found following errors: \n' + ajv.errorsText(), 'expected data to not satisfy schema', true, valid);
    });
  });
}

// A WebSocket's frames or an event stream's events (Keyhole's extension, README "Scripts on
// WebSockets and event streams"): pm.response.messages are the received ones (text and binary
// frames, SSE events, NDJSON lines, gRPC messages) with json(); pm.response.stream has the rest
// (sent frames, pings, the close, the subprotocol).
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
    var payload = m.type === 'text' || m.type === 'binary' || m.type === 'event' || m.type === 'line' || m.type === 'message';
    if (payload && m.direction === 'in') push(received, m);
    if (payload && m.direction === 'out') push(sent, m);
  }
  defineProp(response, 'messages', { value: received, enumerable: false });
  defineProp(response, 'stream', { value: freeze({ kind: s.kind, protocol: s.protocol, close: s.close, ended: s.ended, omitted: s.omitted, sent: sent, all: all }), enumerable: false });
  // A gRPC call (Keyhole's extension): its status, response headers and trailers, method and kind.
  if (s.grpc) defineProp(response, 'grpc', { value: freeze({ status: s.grpc.status, headers: s.grpc.headers, trailers: s.grpc.trailers, rpc: s.grpc.rpc, callType: s.grpc.callType }), enumerable: false });
}
`;