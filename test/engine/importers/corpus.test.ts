import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { importText } from '../../../electron/engine/importers';

const dir = join(__dirname, '../../fixtures/import');
const read = (f: string): string => (f.endsWith('.gz') ? gunzipSync(readFileSync(join(dir, f))).toString('utf8') : readFileSync(join(dir, f), 'utf8'));

describe('public corpus imports with the report a person would check', () => {
  it('Swagger Petstore (OpenAPI 3.0 YAML): 20 operations, api_key profile, implicit OAuth reported', async () => {
    const r = await importText(read('petstore-openapi3.yaml'), { file: 'petstore-openapi3.yaml' });
    expect(r.report).toMatchObject({ format: 'openapi', requests: 20, folders: 3, environments: 1 });
    expect(r.collection?.profiles.map((p) => p.name)).toEqual(['api_key']);
    expect(r.report.notCarried.map((n) => n.place)).toContain('components.securitySchemes.petstore_auth');
    expect(r.report.notCarried.find((n) => n.place === 'paths./pet/{petId}/uploadImage.post.requestBody')?.message).toBe('file upload file has no file: choose one before sending');
    const env = r.environments[0];
    expect(env?.variables.find((v) => v.key === 'baseUrl')?.value).toMatch(/^https?:\/\//);
    expect(env?.profiles.api_key).toMatchObject({ type: 'apikey', key: 'api_key', in: 'header', value: '' });
  });

  it('Swagger Petstore (Swagger 2.0): same API, same request count', async () => {
    const r = await importText(read('petstore-swagger2.json'));
    expect(r.report).toMatchObject({ format: 'openapi', requests: 20, folders: 3 });
    const all = r.collection?.items.flatMap((i) => (i.kind === 'folder' ? i.items : [i])) ?? [];
    const add = all.find((i) => i.kind === 'request' && i.method === 'POST' && i.url === '{{baseUrl}}/pet');
    expect(add?.kind === 'request' && add.body.mode).toBe('json');
  });

  it('every security scheme kind becomes a profile or a note', async () => {
    const r = await importText(read('security-openapi3.yaml'));
    const types = Object.values(r.environments[0]?.profiles ?? {}).map((a) => a.type).sort();
    expect(types).toEqual(expect.arrayContaining(['apikey', 'basic', 'bearer', 'oauth2']));
    expect(r.report.notCarried.some((n) => n.place === 'components.securitySchemes.oauth2_implicit')).toBe(true);
  });

  it('STAPI (large public spec): 120 requests in 40 folders, nothing dropped', async () => {
    const r = await importText(read('star-trek-openapi3.json'));
    expect(r.report).toMatchObject({ requests: 120, folders: 40, notCarried: [] });
  });

  it('GitHub REST API (1,223 operations) imports whole', async () => {
    const r = await importText(read('github-openapi3.json.gz'), { file: 'api.github.com.json' });
    expect(r.report.requests).toBe(1223);
    expect(r.report.notCarried.map((n) => n.place)).toEqual(['paths./markdown/raw.post.requestBody', 'paths./repos/{owner}/{repo}/releases/{release_id}/assets.post.requestBody']);
    expect(r.report.notCarried[1]?.message).toMatch(/upload \(body\) has no file: choose one/);
  });

  it('Postman\'s own sample collection (Postman Echo, v2.0.0): 3 requests, legacy test script kept, nothing dropped', async () => {
    const r = await importText(read('newman-sample-collection.json'));
    expect(r.report).toEqual({ format: 'postman', requests: 3, folders: 0, environments: 0, notCarried: [] });
    const [get, text, json] = r.collection?.items ?? [];
    expect(get).toMatchObject({ kind: 'request', method: 'GET', url: 'https://echo.getpostman.com/get', query: [{ key: 'source', value: 'newman-sample-github-collection' }] });
    expect(get?.kind === 'request' && get.scripts?.test).toContain("tests['response code is 200']");
    expect(text?.kind === 'request' && text.body.mode).toBe('text');
    expect(json?.kind === 'request' && json.body.mode).toBe('json');
  });

  it('Slack Web API (OpenAPI 3.0): 174 requests in 55 folders, the OAuth 2.0 scheme as an empty profile', async () => {
    const r = await importText(read('slack-web-openapi3.json'), { file: 'slack.com.json' });
    expect(r.report).toMatchObject({ format: 'openapi', requests: 174, folders: 55, environments: 1 });
    expect(r.collection?.profiles.map((p) => p.name)).toEqual(['slackAuth']);
    expect(r.environments[0]?.profiles.slackAuth?.type).toBe('oauth2');
    expect(r.report.notCarried).toEqual([expect.objectContaining({ place: 'components.securitySchemes', message: expect.stringMatching(/slackAuth/) as unknown as string })]);
  });

  it('Stripe API (OpenAPI 3.0, 452 operations): imports whole, basic and bearer schemes as profiles', async () => {
    const r = await importText(read('stripe-openapi3.json.gz'), { file: 'stripe.com.json' });
    expect(r.report).toMatchObject({ format: 'openapi', requests: 452, environments: 1 });
    expect(r.collection?.profiles.map((p) => p.name).sort()).toEqual(['basicAuth', 'bearerAuth']);
    expect(r.environments[0]?.variables.find((v) => v.key === 'baseUrl')?.value).toBe('https://api.stripe.com');
    expect(r.report.notCarried.map((n) => n.place)).toEqual(['components.securitySchemes']);
  });
});
