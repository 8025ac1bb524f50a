/// <reference lib="webworker" />
// Pretty-prints JSON off the main thread: parsing and re-serialising megabytes takes long enough to
// freeze a window (the incumbents' "hangs on a 4 MB response" bugs).
self.onmessage = (e: MessageEvent<{ id: number; text: string }>) => {
  let out: string | undefined;
  try {
    out = JSON.stringify(JSON.parse(e.data.text), null, 2);
  } catch {
    out = undefined;
  }
  self.postMessage({ id: e.data.id, text: out });
};
