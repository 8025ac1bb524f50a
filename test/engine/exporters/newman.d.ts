// newman ships no types; the test uses only run() with a callback.
declare module 'newman';
