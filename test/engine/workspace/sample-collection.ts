import { Collection, type Collection as CollectionT } from '../../../shared/model';

/**
 * A collection exercising every part of the format: nested folders, every body kind, several auth
 * types, settings at each level, scripts, disabled rows, multi-line text. Parsed with the schema,
 * so it holds the defaults a load fills in (round trips compare against this).
 */
export function sampleCollection(bodyPadding = 0): CollectionT {
  const pad = 'x'.repeat(bodyPadding);
  return Collection.parse({
    name: 'Demo API',
    description: 'Requests against the demo server.\nSecond line of the description.',
    variables: [
      { key: 'baseUrl', value: 'http://127.0.0.1:3000' },
      { key: 'apiToken', secret: true },
      { key: 'old', value: 'v', enabled: false, description: 'kept but off' },
    ],
    auth: { type: 'bearer', token: '{{apiToken}}' },
    settings: { timeoutMs: 5000, tls: { verify: false } },
    profiles: [{ name: 'Admin', allowedOrigins: ['http://127.0.0.1:3000'] }, { name: 'Reader' }],
    scripts: { preRequest: 'pm.environment.set("t", Date.now());\n' },
    items: [
      { kind: 'request', name: 'Health', url: '{{baseUrl}}/health' },
      {
        kind: 'folder', name: 'Users', description: 'User endpoints', auth: { type: 'profile', profile: 'Admin' },
        settings: { followRedirects: false },
        items: [
          {
            kind: 'request', name: 'Get user', method: 'GET', url: '{{baseUrl}}/users/{{id}}',
            query: [{ key: 'expand', value: 'roles' }, { key: 'debug', value: '1', enabled: false }],
            headers: [{ key: 'Accept', value: 'application/json' }, { key: 'X-Trace', value: 'abc', description: 'tracing' }],
          },
          { kind: 'request', name: 'Create user', method: 'POST', url: '{{baseUrl}}/users', body: { mode: 'json', text: `{\n  "name": "Ada",\n  "pad": "${pad}"\n}` } },
          { kind: 'request', name: 'Note', method: 'PUT', url: '{{baseUrl}}/note', body: { mode: 'text', text: 'plain text\nwith two lines', contentType: 'text/markdown' } },
          { kind: 'request', name: 'Xml', method: 'POST', url: '{{baseUrl}}/xml', body: { mode: 'xml', text: '<a><b>1</b></a>' } },
          {
            kind: 'folder', name: 'Admin / Danger zone', auth: { type: 'digest', username: 'root', password: '{{rootPw}}', algorithm: 'SHA-256' },
            items: [
              { kind: 'request', name: 'Form', method: 'POST', url: '{{baseUrl}}/form', body: { mode: 'form-urlencoded', fields: [{ key: 'a', value: '1' }, { key: 'b', value: '2', enabled: false }] } },
              {
                kind: 'request', name: 'Upload', method: 'POST', url: '{{baseUrl}}/upload',
                body: { mode: 'multipart', fields: [{ kind: 'text', name: 'title', value: 'Hi' }, { kind: 'file', name: 'file', path: 'fixtures/a.png', contentType: 'image/png', enabled: false }] },
              },
              { kind: 'request', name: 'Binary', method: 'PUT', url: '{{baseUrl}}/bin', body: { mode: 'binary', path: './data.bin' } },
            ],
          },
        ],
      },
      {
        kind: 'request', name: 'GraphQL', method: 'POST', url: '{{baseUrl}}/graphql',
        body: { mode: 'graphql', query: 'query Q($id: ID!) {\n  user(id: $id) { name }\n}', variables: '{"id": 1}', operationName: 'Q' },
        auth: { type: 'apikey', key: 'X-Api-Key', value: '{{apiKey}}', in: 'query' },
        settings: { timeoutMs: 100, http2: false, proxy: { mode: 'none' }, forwardCredentialsTo: ['*.example.com'] },
        description: 'Fetch a user through GraphQL',
        scripts: { test: 'pm.test("ok", () => pm.response.to.have.status(200));' },
      },
      { kind: 'request', name: 'Signed', method: 'GET', url: 'https://s3.example.com/b', auth: { type: 'awsv4', accessKeyId: '{{ak}}', secretAccessKey: '{{sk}}', region: 'eu-west-1', service: 's3' } },
      { kind: 'request', name: 'OAuth', method: 'GET', url: '{{baseUrl}}/me', auth: { type: 'oauth2', grant: 'client_credentials', tokenUrl: '{{baseUrl}}/token', clientId: 'cli', clientSecret: '{{cs}}', scope: 'read' } },
      { kind: 'request', name: 'Jwt', method: 'GET', url: '{{baseUrl}}/jwt', auth: { type: 'jwt', algorithm: 'HS256', secret: '{{jwtKey}}', claims: { sub: 'ada', n: 1 } } },
      { kind: 'request', name: 'No auth', method: 'DELETE', url: '{{baseUrl}}/x', auth: { type: 'none' } },
      { kind: 'request', name: 'Health', method: 'HEAD', url: '{{baseUrl}}/health' },
    ],
  });
}
