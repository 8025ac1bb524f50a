// xml2js's async mode schedules with setImmediate; the sandbox has setTimeout.
module.exports = { setImmediate: function (fn) { var args = Array.prototype.slice.call(arguments, 1); return setTimeout(function () { fn.apply(undefined, args); }, 0); } };
