/**
 * Child process for the kill -9 test: saves a collection with large request files over and over,
 * alternating two versions, until it is killed. Prints "saved" after the first complete save so
 * the parent knows writes are under way.
 */
import { saveCollection } from '../../../electron/engine/workspace';
import { versionOf } from './kill-versions';

const dir = process.argv[2];
if (!dir) throw new Error('usage: save-loop.ts DIR');
let n = 0;
for (;;) {
  await saveCollection(dir, versionOf(n % 2 === 0 ? 'b' : 'a'));
  if (n === 0) process.stdout.write('saved\n');
  n++;
}
