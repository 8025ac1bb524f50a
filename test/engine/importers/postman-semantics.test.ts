// Issue 18 section 2: a Postman import keeps Postman's semantics where they decide a request's
// verdict: literal unresolved variables and Postman's run semantics, GET bodies not sent unless
// disableBodyPruning, query text rows cannot give back kept as written, followOriginalHttpMethod,
// disabled environment values kept disabled.
import { describe, expect, it } from 'vitest';
import { importText } from '../../../electron/engine/importers';
import type { Item, Request } from '../../../shared/model';

const collection = (items: unknown[]) => JSON.stringify({ info: { name: 'C', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: items });
const request = (items: Item[] | undefined, name: string): Request => {
  const hit = items?.find((i) => i.name === name);
  if (!hit || hit.kind !== 'request') throw new Error(`no request ${name}`);
  return hit;
};

describe('Postman collection imports', () => {
  it("mark the collection with Postman's unresolved-variable and run semantics", async () => {
    const r = await importText(collection([{ name: 'A', request: { method: 'GET', url: 'https://h/a' } }]));
    expect(r.collection?.unresolvedVariables).toBe('literal');
    expect(r.collection?.semantics).toBe('postman');
  });

  it('do not send a GET body unless disableBodyPruning is set, and say so', async () => {
    const body = { mode: 'raw', raw: '{"a":1}', options: { raw: { language: 'json' } } };
    const r = await importText(collection([
      { name: 'Pruned', request: { method: 'GET', url: 'https://h/a', body } },
      { name: 'Kept', request: { method: 'GET', url: 'https://h/a', body }, protocolProfileBehavior: { disableBodyPruning: true } },
      { name: 'Post', request: { method: 'POST', url: 'https://h/a', body } },
    ]));
    expect(request(r.collection?.items, 'Pruned').body).toEqual({ mode: 'none' });
    expect(request(r.collection?.items, 'Pruned').description).toContain('"raw": "{\\"a\\":1}"');
    expect(request(r.collection?.items, 'Kept').body).toEqual({ mode: 'json', text: '{"a":1}' });
    expect(request(r.collection?.items, 'Post').body).toEqual({ mode: 'json', text: '{"a":1}' });
    expect(r.report.notCarried.some((n) => /GET body is not sent/.test(n.message))).toBe(true);
  });

  it('keep query text that rows cannot give back as written, and plain queries as rows', async () => {
    const r = await importText(collection([
      { name: 'Odd', request: { method: 'GET', url: { raw: 'https://h/a?x=1&&y=a+b&flag', query: [{ key: 'x', value: '1' }, { key: 'y', value: 'a+b' }, { key: 'flag', value: null }, { key: 'off', value: '1', disabled: true }] } } },
      { name: 'Plain', request: { method: 'GET', url: { raw: 'https://h/a?x=1&y=2', query: [{ key: 'x', value: '1' }, { key: 'y', value: '2' }] } } },
    ]));
    const odd = request(r.collection?.items, 'Odd');
    expect(odd.url).toBe('https://h/a?x=1&&y=a+b&flag');
    expect(odd.query).toEqual([{ key: 'off', value: '1', enabled: false }]);
    const plain = request(r.collection?.items, 'Plain');
    expect(plain.url).toBe('https://h/a');
    expect(plain.query.map((q) => `${q.key}=${q.value}`)).toEqual(['x=1', 'y=2']);
  });

  it('honour followOriginalHttpMethod', async () => {
    const r = await importText(collection([{ name: 'Keep', request: { method: 'POST', url: 'https://h/a' }, protocolProfileBehavior: { followOriginalHttpMethod: true, followRedirects: true } }]));
    expect(request(r.collection?.items, 'Keep').settings).toEqual({ followOriginalHttpMethod: true, followRedirects: true });
  });
});

describe('Postman environment imports', () => {
  it('keep disabled values disabled and every duplicate row', async () => {
    const r = await importText(JSON.stringify({ name: 'E', values: [{ key: 'a', value: '1', enabled: false }, { key: 'd', value: 'first' }, { key: 'd', value: 'second' }] }));
    expect(r.environments[0]?.variables.map((v) => `${v.key}=${v.value}:${v.enabled}`)).toEqual(['a=1:false', 'd=first:true', 'd=second:true']);
  });
});
