import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { loadFast, toYaml } from '../../../electron/engine/workspace/yaml-io';

// The fast reading of a workspace file (js-yaml 4) must give exactly what the full one (`yaml`'s
// document model) gives, or nothing, so that a file means the same whichever reads it.
const full = (text: string): { ok: true; value: unknown } | { ok: false } => {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  return doc.errors.length > 0 ? { ok: false } : { ok: true, value: doc.toJS() };
};

function expectSameOrNothing(text: string): 'fast' | 'full' {
  const fast = loadFast(text);
  if (fast === undefined) return 'full';
  const reference = full(text);
  expect(reference.ok, `the fast reading accepted what yaml refuses:\n${text}`).toBe(true);
  if (reference.ok) expect(fast.raw, text).toStrictEqual(reference.value);
  return 'fast';
}

const EDGES = [
  'a: 1_000\nb: 0b11\nc: 0o17\nd: 0x1F\ne: .5\nf: +12\ng: 1e3\nh: -.inf\ni: .NaN\nj: 012\nk: -0\nl: 1.\n',
  'a: yes\nb: on\nc: True\nd: TRUE\ne: ~\nf:\ng: Null\n',
  'a: "x\\ty\\u00e9\\x41"\nb: |+\n  keep\n\nc: >-\n  folded\n  text\nd: |2\n   indented\n',
  'a: 2024-01-01\nb: 12:30:00\nc: 1:20\n',
  '<<: {a: 1}\nb: 2\n',
  "a: 'it''s'\nb: x #c\nc: \"#\"\nd: a#b\n",
  'a: [1, 2, {b: c, d: [e, "f"]}]\nkey with spaces: v\n',
  '1: a\ntrue: b\n0x10: c\n',
  '- a\n- b: 1\n  c: 2\n- - nested\n',
  '%YAML 1.2\n---\na: 1\n',
  '---\na: 1\n...\n',
  'a: plain\n  continued\n  lines\n',
  'a: "multi\n  line"\n',
  '__proto__: 3\nconstructor: 4\n',
  'a: &x 1\nb: *x\n',
  '# only a comment\n',
];

// Each of these the fast reading must hand to the full one: it would name a key differently, expand
// aliases without the full reading's limit, or refuse where yaml accepts.
const HANDED_OVER = [
  'null: 1\n', '~: 1\n', '{null: 1}\n', 'a:\n  - NULL: 2\n', '? [a, b]\n: c\n', ': empty\n',
  'a: &x [1]\nb: *x\n', 'a: &x {b: 1}\nc: [*x, *x]\n', 'a: &a [*a]\n', 'a: !!binary aGk=\n', 'a: !custom 1\n', '', 'a: 1\n---\nb: 2\n',
];

describe('the fast reading of workspace files (js-yaml) agrees with yaml', () => {
  it('on edge cases of YAML 1.2 scalars, strings and collections', () => {
    for (const text of EDGES) expect(expectSameOrNothing(text), text).toBe('fast');
  });

  it('hands over null and complex keys, aliases, tags, empty and multi-document files', () => {
    for (const text of HANDED_OVER) expect(loadFast(text), JSON.stringify(text)).toBeUndefined();
  });

  it('on every YAML file of the repository (examples and fixtures)', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ya?ml$/.test(name)) files.push(path);
      }
    };
    walk('examples');
    walk('test/fixtures');
    expect(files.length).toBeGreaterThan(10);
    let fast = 0;
    for (const f of files) if (expectSameOrNothing(readFileSync(f, 'utf8')) === 'fast') fast++;
    // The control: most of them take the fast reading, so the comparison above compared something.
    expect(fast).toBeGreaterThan(files.length / 2);
  });

  it('on generated values written as Keyhole writes them and as yaml writes by default', () => {
    const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('null', '~', 'true', '1', '0x1', 'a b', '- x', '? y', 'x: z', '#c', '"q"'));
    const scalar = fc.oneof(
      fc.string({ maxLength: 40 }), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null),
      fc.constantFrom('1_000', '0b1', '0o7', '012', '1e3', '.inf', 'yes', 'Null', '~', 'line\nbreak', '  spaced  ', 'a: b', '- item', '#x', 'tab\there', '\u00e9\u2028'),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    let fast = 0;
    fc.assert(fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (doc) => {
      if (expectSameOrNothing(toYaml(doc)) === 'fast') fast++;
      expectSameOrNothing(stringify(doc));
      expectSameOrNothing(stringify(doc, { collectionStyle: 'flow' }));
    }), { numRuns: 400 });
    expect(fast).toBeGreaterThan(200);
  });
});
