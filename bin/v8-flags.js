// The V8 flags bin/keyhole.js sets before anything else loads, and the flags V8's code cache
// (bin/code-cache.js) is written under. Memory and speed, measured in bench/README.md. WebAssembly
// stays on V8's baseline compiler: optimising undici's HTTP parser and QuickJS's interpreter costs
// 30-35 MB of transient compiler memory (one `keyhole send`: 118 MB -> 84 MB peak). The old
// generation grows by a fifth at a time, not by V8's default factor, and the young generation keeps
// its starting size: a run's garbage dies young, and a young generation grown to its 16 MB
// semi-spaces is ~30 MB of a 1,000-request run's peak (~128 MB instead of ~95 MB).
// --optimize-for-size would save about as much memory but costs 20-30% of a run's requests per
// second. Young-generation collections run on this thread alone: handing each ~80 KB collection to
// helper threads costs more in waiting for them than it saves, on a machine whose other cores serve
// the requests (4-27% of req/s at 5,000 requests).
export const V8_FLAGS = ['--liftoff-only', '--heap-growing-percent=20', '--semi-space-growth-factor=1', '--no-parallel-scavenge'];
