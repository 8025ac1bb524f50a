// The part of Node's EventEmitter that xml2js and sax use, for the script sandbox (which has no Node).
function EventEmitter() { this._events = Object.create(null); }
EventEmitter.prototype.on = function (name, fn) { (this._events[name] = this._events[name] || []).push(fn); return this; };
EventEmitter.prototype.addListener = EventEmitter.prototype.on;
EventEmitter.prototype.once = function (name, fn) {
  // emit() calls a listener with the emitter as `this`.
  function once() { this.removeListener(name, once); fn.apply(this, arguments); }
  return this.on(name, once);
};
EventEmitter.prototype.removeListener = function (name, fn) {
  var list = this._events[name];
  if (list) this._events[name] = list.filter(function (f) { return f !== fn; });
  return this;
};
EventEmitter.prototype.removeAllListeners = function (name) {
  if (name === undefined) this._events = Object.create(null); else delete this._events[name];
  return this;
};
EventEmitter.prototype.emit = function (name) {
  var list = this._events[name];
  if (!list || list.length === 0) {
    if (name === 'error') throw arguments[1];
    return false;
  }
  var args = Array.prototype.slice.call(arguments, 1);
  list.slice().forEach(function (fn) { fn.apply(this, args); }, this);
  return true;
};
EventEmitter.prototype.listeners = function (name) { return (this._events[name] || []).slice(); };
EventEmitter.EventEmitter = EventEmitter;
module.exports = EventEmitter;
