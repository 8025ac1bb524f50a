/**
 * Sandbox-side JavaScript: pm.response (and the responses pm.sendRequest hands back), plus the
 * Postman assertions on them (to.have.status, to.be.ok...) installed into chai as a plugin the
 * first time chai is loaded. A fragment of the prelude function body (see core.ts for the rules).
 */
export const RESPONSE = String.raw`
var RESPONSE_MARK = typeof Symbol === 'function' ? Symbol('keyhole.response') : '__keyholeResponse';

// What every response shares, as in Postman where pm.response.to and .body are not own properties:
// one prototype, so a response is one object literal rather than two defineProperty calls more.
var RESPONSE_PROTO = {};
RESPONSE_PROTO[RESPONSE_MARK] = true;
defineProp(RESPONSE_PROTO, 'to', { get: function () { return requireModule('chai').expect(this).to; } });
defineProp(RESPONSE_PROTO, 'body', { get: function () { return this.text(); } });

// meta: { code, status, headers: [[k, v]...] or headersText (the same as JSON), responseTime,
// responseSize }; readText() gives the body. The headers become a PropertyList when first read:
// most test scripts never read them, and QuickJS parses JSON at ~30 ns a byte.
function makeResponse(meta, readText) {
  var text, parsed, hasParsed = false, headers;
  var res = {
    __proto__: RESPONSE_PROTO,
    code: meta.code,
    status: meta.status,
    responseTime: meta.responseTime,
    responseSize: meta.responseSize,
    get headers() {
      if (headers === undefined) {
        var list = meta.headers || jsonParse(meta.headersText), items = [];
        for (var i = 0; i < list.length; i++) push(items, { key: list[i][0], value: list[i][1] });
        headers = new PropertyList(items, true);
      }
      return headers;
    },
    set headers(v) { headers = v; },
    text: function () { if (text === undefined) text = readText(); return text; },
    json: function () {
      if (!hasParsed) { parsed = jsonParse(res.text()); hasParsed = true; }
      return parsed;
    },
    reason: function () { return meta.status; },
    toJSON: function () { return { code: meta.code, status: meta.status, header: res.headers.all(), responseTime: meta.responseTime }; },
  };
  return res;
}

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
