import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile, importText } from '../../../electron/engine/importers';
import { itemAt } from '../../../shared/importers';

const FIXTURES = join(__dirname, '../../fixtures');

describe('notes name the request or folder they concern', () => {
  it('OpenAPI: the operation, found by its path even when the path holds dots and braces', async () => {
    const r = await importFile(join(FIXTURES, 'import/petstore-openapi3.yaml'));
    const upload = r.report.notCarried.find((n) => n.place === 'paths./pet/{petId}/uploadImage.post.requestBody');
    expect(upload?.item).toBe('pet / Uploads an image');
    expect(itemAt({ paths: { '/v1.0/users': { get: {} } } }, 'paths./v1.0/users.get.parameters[0]')).toBe('GET /v1.0/users');
  });

  it('Insomnia, HAR and Postman: names along the way; none where the place is no item', async () => {
    const ins = await importText(await readFile(join(FIXTURES, 'import-secrets/shop.insomnia.json'), 'utf8'));
    expect(ins.report.notCarried.map((n) => [n.item, n.place])).toEqual([['Intranet', 'resources[13].authentication']]);
    expect(itemAt({ log: { entries: [{ request: { method: 'GET', url: 'https://h/x' } }] } }, 'log.entries[0].request.postData')).toBe('GET https://h/x');
    expect(itemAt({ item: [{ name: 'Orders', item: [{ name: 'List' }] }] }, 'item[0].item[0].request.auth')).toBe('Orders / List');
    expect(itemAt({ item: [] }, 'item[*].response')).toBeUndefined();
    expect(itemAt(undefined, 'option 3 (--ntlm)')).toBeUndefined();
  });
});
