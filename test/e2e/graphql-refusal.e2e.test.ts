import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { saveCollection } from '../../electron/engine/workspace';
import { Collection } from '../../shared/model';
import { graphqlTokens, startGraphqlServer } from '../servers/graphql';
import type { HttpTestServer } from '../servers/http';
import { openApp, type AppPage } from './app-page';
import { RESULTS } from './harness';

/**
 * #19 §3/§5: a GraphQL server refuses inside an HTTP 200 (test/servers/graphql.ts). The inspector
 * shows the same cards as for a 401/403: no token gets "no credentials" for UNAUTHENTICATED, the
 * reader's token on auditLog gets "authenticated but forbidden" for FORBIDDEN, the admin no card.
 */

let dir: string;
let gql: HttpTestServer;
let app: AppPage;
let page: Page;

const query = 'query Audit {\n  me { name }\n  auditLog\n}';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-e2e-gql-'));
  gql = await startGraphqlServer();
  const request = (name: string, id: string, token?: string) => ({
    kind: 'request', name, id, method: 'POST', url: '{{base}}/graphql',
    body: { mode: 'graphql', query, variables: '' },
    ...(token ? { auth: { type: 'bearer', token } } : {}),
  });
  await saveCollection(join(dir, 'ws', 'graphql'), Collection.parse({
    name: 'GraphQL', variables: [{ key: 'base', value: gql.url }], settings: { proxy: { mode: 'none' } },
    items: [
      request('Anonymous audit', 'gqlanon001'),
      request('Reader audit', 'gqlread001', graphqlTokens.reader),
      request('Admin audit', 'gqladmin01', graphqlTokens.admin),
    ],
  }));
  app = await openApp(dir);
  page = app.page;
  page.setDefaultTimeout(15_000);
}, 120_000);

beforeEach(async () => { await app.reset(); });

afterAll(async () => {
  await app?.close();
  await gql?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `e2e-graphql-${name}.png`) });
const inspector = () => page.getByRole('complementary', { name: 'Inspector' });
const explanation = () => inspector().getByRole('region', { name: 'Explanation' });
const status = () => page.getByRole('status', { name: 'Response status' });

async function send(name: string): Promise<void> {
  await page.getByRole('tree', { name: 'Collections' }).getByRole('treeitem', { name: `POST ${name}`, exact: true }).getByText(name, { exact: true }).click();
  await page.getByRole('tablist', { name: 'Open requests' }).getByRole('tab', { name: new RegExp(`POST ${name}`) }).and(page.locator('[aria-selected=true]')).waitFor();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => status().textContent(), { timeout: 15_000 }).toContain('200');
}

describe('a GraphQL refusal in the app', () => {
  it('no token: the UNAUTHENTICATED answer (HTTP 200) gets the "no credentials" card', async () => {
    await send('Anonymous audit');
    await explanation().getByRole('heading', { name: 'Why UNAUTHENTICATED?' }).waitFor();
    expect(await explanation().getByLabel('GraphQL refusal').textContent()).toBe('HTTP 200, but GraphQL refused me, auditLog.');
    const card = explanation().locator('article[data-finding]').first();
    expect(await card.getAttribute('data-finding')).toBe('no-credentials');
    expect(await card.textContent()).toContain('GraphQL error at me: "You must be signed in to read `me`."');
    await shot('unauthenticated');
  });

  it('the reader\'s token on auditLog: the FORBIDDEN answer gets the "authenticated but forbidden" card, the token masked', async () => {
    await send('Reader audit');
    await explanation().getByRole('heading', { name: 'Why FORBIDDEN?' }).waitFor();
    const card = explanation().locator('article[data-finding]').first();
    expect(await card.getAttribute('data-finding')).toBe('authenticated-but-forbidden');
    expect(await card.textContent()).toContain('GraphQL error at auditLog: "The audit log needs the ADMIN role."');
    expect(await explanation().getByLabel('Auth sent').textContent()).toBe('Sent with a bearer token set inline on this request.');
    expect(await inspector().textContent()).not.toContain(graphqlTokens.reader);
    await shot('forbidden');
  });

  it('the admin token: the answer has data and no refusal card', async () => {
    await send('Admin audit');
    await expect.poll(() => page.getByText('login ada').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await explanation().count()).toBe(0);
    await shot('admin');
  });
});
