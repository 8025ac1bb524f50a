import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyholeError } from '../../../shared/errors';
import { loadCollection, type LoadedCollection } from '../../../electron/engine/workspace';
import { removeDir, tempDir } from './helpers';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'workspaces', 'malformed');

let dir: string;
let loaded: LoadedCollection;
beforeAll(async () => {
  dir = await tempDir();
  await cp(FIXTURE, dir, { recursive: true });
  loaded = await loadCollection(dir);
});
afterAll(async () => { await removeDir(dir); });

const problemFor = (file: string): KeyholeError | undefined => loaded.problems.find((p) => p.details?.file === join(dir, file));

describe('loading a collection with broken files', () => {
  it('bad YAML is file-malformed naming the file and the line', () => {
    const p = problemFor('bad-yaml.request.yaml');
    expect(p?.code).toBe('file-malformed');
    expect(p?.details?.line).toBe(3);
    expect(p?.message).toContain(`${join(dir, 'bad-yaml.request.yaml')}:3`);
  });

  it('a schema error names the file, the line of the offending value and the field path', () => {
    const p = problemFor('bad-schema.request.yaml');
    expect(p?.code).toBe('file-malformed');
    expect(p?.details).toMatchObject({ line: 8, field: 'headers.1.value' });
    expect(p?.message).toMatch(/bad-schema\.request\.yaml:8: field "headers\.1\.value"/);
  });

  it('a missing required field points at the mapping that lacks it', () => {
    expect(problemFor('missing-url.request.yaml')?.details).toMatchObject({ line: 1, field: 'url' });
  });

  it('a malformed folder.yaml is reported and its requests still load under the folder name', () => {
    expect(problemFor(join('api', 'folder.yaml'))?.details).toMatchObject({ line: 3, field: 'auth.type' });
    const api = loaded.collection.items.find((i) => i.kind === 'folder');
    expect(api?.name).toBe('api');
    expect(api?.kind === 'folder' && api.items.map((i) => i.name)).toEqual(['List']);
  });

  it('the other requests load, listed ones in order, then unlisted ones sorted by name', () => {
    expect(loaded.collection.name).toBe('Broken on purpose');
    expect(loaded.collection.items.map((i) => i.name)).toEqual(['Good', 'api', 'Added by hand', 'Zulu']);
    expect(loaded.problems).toHaveLength(4);
  });

  it('an order entry with no file is skipped with a warning naming it', () => {
    expect(loaded.warnings.filter((w) => w.details?.entry !== undefined).map((w) => w.message)).toEqual([
      `${join(dir, 'collection.yaml')}: order lists "gone.request.yaml", which does not exist; skipped`,
    ]);
  });

  it('an unknown field (a typo) is a warning naming file, line and field', () => {
    const w = loaded.warnings.filter((x) => x.details?.field !== undefined);
    expect(w.map((x) => x.details)).toEqual([{ file: join(dir, 'zz-hand.request.yaml'), line: 3, field: 'header' }]);
  });
});
