import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveCollection } from '../../../electron/engine/workspace';
import { Collection } from '../../../shared/model';
import { removeDir, tempDir } from './helpers';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

// Requests written alike (the fields each has, in the same order) must load as objects of one
// hidden class: a run reads every request's fields on its per-request path (prepare, the script
// context, the reporters), and objects that each have a class of their own make every one of those
// reads megamorphic. V8 gives a copy made by spread a class of its own once a key is added to it,
// which is how a loaded folder's 1,000 requests came to have 985 classes.
const request = (i: number) => ({
  kind: 'request' as const, name: `Get ${i}`, url: `http://127.0.0.1:1/items/${i}`,
  auth: { type: 'bearer' as const, token: '{{token}}' },
  scripts: { test: 'pm.test("ok", () => pm.response.to.have.status(200));' },
});

let dir: string;
beforeAll(async () => {
  dir = await tempDir('keyhole-shapes-');
  await saveCollection(join(dir, 'c'), Collection.parse({
    name: 'Shapes',
    items: [
      ...Array.from({ length: 20 }, (_, i) => request(i)),
      ...Array.from({ length: 5 }, (_, f) => ({ kind: 'folder', name: `Folder ${f}`, items: [request(100 + f), request(200 + f)] })),
    ],
  }));
  // %HaveSameMap is V8's own answer; it needs --allow-natives-syntax, so the check runs in a child.
  await writeFile(join(dir, 'shapes.mts'), `
import { loadCollection } from ${JSON.stringify(join(ROOT, 'electron/engine/workspace/index.ts'))};
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)');
const classes = (objs) => objs.reduce((groups, o) => (groups.some((g) => sameMap(g, o)) ? groups : [...groups, o]), []).length;
const { collection, problems } = await loadCollection(${JSON.stringify(join(dir, 'c'))});
const requests = [], folders = [];
const walk = (items) => { for (const it of items) { if (it.kind === 'folder') { folders.push(it); walk(it.items); } else requests.push(it); } };
walk(collection.items);
console.log(JSON.stringify({ problems: problems.length, requests: requests.length, requestClasses: classes(requests), folders: folders.length, folderClasses: classes(folders) }));
`);
});
afterAll(async () => { await removeDir(dir); });

describe('loaded items', () => {
  it('share one hidden class when their files have the same fields', async () => {
    const { stdout } = await run(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', join(dir, 'shapes.mts')], { cwd: ROOT });
    expect(JSON.parse(stdout)).toEqual({ problems: 0, requests: 30, requestClasses: 1, folders: 5, folderClasses: 1 });
  });
});
