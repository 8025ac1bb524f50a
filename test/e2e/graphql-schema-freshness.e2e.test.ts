import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { saveCollection, saveEnvironment } from '../../electron/engine/workspace';
import { Collection } from '../../shared/model';
import { startGraphqlServer, type GraphqlTestServer } from '../servers/graphql';
import { openApp, type AppPage } from './app-page';
import { RESULTS } from './harness';
import { choose } from './kit';

/**
 * A GraphQL request's schema follows what its introspection goes out with: two environments point
 * the same request at two servers with different APIs, and switching between them changes what
 * completion and the docs explorer offer, with the schema in use named (server, environment,
 * time). Switching back answers from the engine's cache without asking the server again.
 */

const ORDERS_SDL = 'type Query {\n  "Orders placed, newest first."\n  orders: [Order!]!\n}\n\ntype Order {\n  id: ID!\n  total: Float\n}\n';

let dir: string;
let users: GraphqlTestServer;
let orders: GraphqlTestServer;
let app: AppPage;
let page: Page;

beforeAll(async () => {
  users = await startGraphqlServer();
  orders = await startGraphqlServer({ sdl: ORDERS_SDL });
  dir = await mkdtemp(join(tmpdir(), 'keyhole-e2e-graphql-fresh-'));
  const ws = join(dir, 'ws');
  const coll = join(ws, 'gql');
  await saveCollection(coll, Collection.parse({
    name: 'GQL', settings: { proxy: { mode: 'none' } },
    items: [{ kind: 'request', name: 'Explore', method: 'POST', url: '{{base}}/graphql', id: 'gql-explore', body: { mode: 'graphql', query: '', variables: '' } }],
  }));
  const secrets = new MemorySecretStore();
  await saveEnvironment(coll, { name: 'Users API', variables: [{ key: 'base', value: users.url, secret: false, enabled: true }], profiles: {} }, secrets);
  await saveEnvironment(coll, { name: 'Orders API', variables: [{ key: 'base', value: orders.url, secret: false, enabled: true }], profiles: {} }, secrets);
  app = await openApp(dir, { secrets });
  page = app.page;
  page.setDefaultTimeout(15_000);
  await app.reset();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await users?.close();
  await orders?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `e2e-graphql-fresh-${name}.png`) });
const status = () => page.getByRole('status', { name: 'Schema status' });
const query = () => page.getByRole('group', { name: 'GraphQL query' });
const introspections = (s: GraphqlTestServer) => s.operations.filter((o) => o.introspection).length;

/** What completion offers at the top level of the query, as a user sees it: type `{ `, read the list, close it. */
async function offered(): Promise<string> {
  await query().locator('.view-lines').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type('{ ');
  const suggest = query().locator('.suggest-widget');
  await expect.poll(() => suggest.locator('.monaco-list-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  const text = (await suggest.textContent()) ?? '';
  await page.keyboard.press('Escape');
  return text;
}

/** The docs explorer's search results for `word`, or its "nothing named like" note. */
async function docsFor(word: string): Promise<string> {
  const docs = page.getByRole('complementary', { name: 'GraphQL docs' });
  await docs.getByRole('searchbox', { name: 'Search the schema' }).fill(word);
  return (await docs.textContent()) ?? '';
}

describe('the GraphQL schema in use', () => {
  it('follows the environment: completion and the docs explorer offer the other server\'s API after a switch, and the status names it', async () => {
    await choose(page.getByRole('combobox', { name: 'Environment' }), 'Users API');
    await page.getByRole('treeitem', { name: /POST Explore$/ }).click();
    await page.getByRole('tab', { name: /^POST Explore/, selected: true }).waitFor();
    await page.getByRole('tab', { name: 'Body' }).click();
    await expect.poll(() => status().textContent(), { timeout: 20_000 }).toMatch(new RegExp(`^\\d+ types from ${users.url}/graphql \\(environment Users API\\), fetched `));
    expect(await offered()).toContain('users');
    await page.getByRole('button', { name: 'Docs' }).click();
    expect(await docsFor('order')).toContain('Nothing named like “order”');
    expect(introspections(users)).toBe(1);

    await choose(page.getByRole('combobox', { name: 'Environment' }), 'Orders API');
    await expect.poll(() => status().textContent(), { timeout: 20_000 }).toMatch(new RegExp(`^\\d+ types from ${orders.url}/graphql \\(environment Orders API\\), fetched `));
    expect(introspections(orders)).toBe(1);
    const now = await offered();
    expect(now).toContain('orders');
    expect(now).not.toContain('users');
    const docs = await docsFor('order');
    expect(docs).toContain('Query.orders');
    expect(docs).not.toContain('Query.users');
    await shot('orders');

    // Back to the first environment: its schema again, from the engine's cache (no new introspection).
    await choose(page.getByRole('combobox', { name: 'Environment' }), 'Users API');
    await expect.poll(() => status().textContent(), { timeout: 20_000 }).toMatch(new RegExp(`^\\d+ types from ${users.url}/graphql \\(environment Users API\\), fetched .* \\(cached\\)$`));
    expect(await offered()).toContain('users');
    expect(introspections(users)).toBe(1);
    await shot('users-again');

    // Refresh asks the server of the environment in use.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => introspections(users)).toBe(2);
    expect(introspections(orders)).toBe(1);
  });

  it('asks again when the URL is edited to point at the other server', async () => {
    await choose(page.getByRole('combobox', { name: 'Environment' }), 'Users API');
    await expect.poll(() => status().textContent(), { timeout: 20_000 }).toMatch(/\(environment Users API\)/);
    expect(await offered()).toContain('users');
    const before = introspections(orders);
    await page.getByRole('combobox', { name: 'URL' }).fill(`${orders.url}/graphql`);
    await expect.poll(() => status().textContent(), { timeout: 20_000 }).toMatch(new RegExp(`types from ${orders.url}/graphql`));
    expect(introspections(orders)).toBe(before + 1);
    expect(await offered()).toContain('orders');
  });
});
