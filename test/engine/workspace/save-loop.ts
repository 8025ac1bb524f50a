/**
 * Child process for the kill -9 test: saves a collection with large request files over and over,
 * alternating two versions, until it is killed. Prints "saved" after the first complete save so
 * the parent knows writes are under way. With `--stall-at K` it instead stops inside its K-th file
 * write (over as many saves as that takes), half the bytes written, and prints only "stalled": a
 * kill then lands mid-write for certain.
 */
import { nodeFs, saveCollection, type FsLayer } from '../../../electron/engine/workspace';
import { versionOf } from './kill-versions';

const [dir, flag, at] = process.argv.slice(2);
if (!dir) throw new Error('usage: save-loop.ts DIR [--stall-at K]');
const stallAt = flag === '--stall-at' ? Number(at) : 0;
let writes = 0;
const stalling: FsLayer = {
  ...nodeFs,
  async open(path, flags, mode) {
    const handle = await nodeFs.open(path, flags, mode);
    if (flags !== 'w' || ++writes !== stallAt) return handle;
    return {
      ...handle,
      async writeFile(data) {
        await handle.writeFile(typeof data === 'string' ? data.slice(0, data.length / 2) : data.subarray(0, data.length / 2));
        process.stdout.write('stalled\n');
        // Held here until the kill; the interval keeps the process alive meanwhile.
        await new Promise(() => setInterval(() => undefined, 1_000));
      },
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
  },
};
let n = 0;
for (;;) {
  await saveCollection(dir, versionOf(n % 2 === 0 ? 'b' : 'a'), stallAt > 0 ? { fs: stalling } : {});
  if (n === 0 && stallAt === 0) process.stdout.write('saved\n');
  n++;
}
