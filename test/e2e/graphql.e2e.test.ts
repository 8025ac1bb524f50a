import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { saveCollection, saveEnvironment } from '../../electron/engine/workspace';
import { Collection } from '../../shared/model';
import { graphqlSchemaPath, graphqlTokens, startGraphqlServer, type GraphqlTestServer } from '../servers/graphql';
import { axeViolations } from './axe';
import { openApp, type AppPage } from './app-page';
import { RESULTS } from './harness';
import { choose, valueOf } from './kit';

/**
 * #19 §3: a GraphQL request in the app, against the real graphql-http server. The schema comes
 * from introspection sent like the request (so /strict loads with the request's bearer profile) or
 * from an SDL file; the query editor completes, validates and documents from it; the docs explorer
 * walks it; the variables are checked against the chosen operation, which is the one sent.
 */
let dir: string;
let server: GraphqlTestServer;
let app: AppPage;
let page: Page;

beforeAll(async () => {
  server = await startGraphqlServer();
  dir = await mkdtemp(join(tmpdir(), 'keyhole-e2e-graphql-'));
  const coll = join(dir, 'ws', 'gql');
  const graphql = (query: string, extra: Record<string, unknown> = {}) => ({ mode: 'graphql', query, variables: '', ...extra });
  await saveCollection(coll, Collection.parse({
    name: 'GQL', variables: [{ key: 'base', value: server.url }], profiles: [{ name: 'Api' }], settings: { proxy: { mode: 'none' } },
    items: [
      { kind: 'request', name: 'Explore', method: 'POST', url: '{{base}}/graphql', id: 'gql-explore', body: graphql('') },
      { kind: 'request', name: 'Two ops', method: 'POST', url: '{{base}}/graphql', id: 'gql-ops',
        body: graphql('query Greet($name: String) { hello(name: $name) }\nquery People { users { name } }', { operationName: 'Greet' }) },
      { kind: 'request', name: 'One user', method: 'POST', url: '{{base}}/graphql', id: 'gql-user',
        body: graphql('query One($id: ID!, $first: Int) { user(id: $id) { name posts(first: $first) { title } } }') },
      { kind: 'request', name: 'Strict', method: 'POST', url: '{{base}}/strict', id: 'gql-strict', auth: { type: 'profile', profile: 'Api' }, body: graphql('{ me { name } }') },
      { kind: 'request', name: 'From file', method: 'POST', url: '{{base}}/nowhere', id: 'gql-file',
        body: graphql('{ hello }', { schema: { source: 'file', path: 'schemas/api.graphql' } }) },
    ],
  }));
  await mkdir(join(coll, 'schemas'));
  await copyFile(graphqlSchemaPath, join(coll, 'schemas', 'api.graphql'));
  const secrets = new MemorySecretStore();
  await saveEnvironment(coll, { name: 'dev', variables: [], profiles: { Api: { type: 'bearer', token: graphqlTokens.admin, prefix: 'Bearer' } } }, secrets);
  app = await openApp(dir, { secrets });
  page = app.page;
  page.setDefaultTimeout(15_000);
}, 120_000);

beforeEach(async () => {
  await app.reset();
  server.operations.length = 0;
});

afterAll(async () => {
  await app?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(RESULTS, `e2e-graphql-${name}.png`) });
const status = () => page.getByRole('status', { name: 'Schema status' });
const query = () => page.getByRole('group', { name: 'GraphQL query' });
const variables = () => page.getByRole('group', { name: 'GraphQL variables' });
const text = (editor: Locator) => editor.locator('.view-lines').evaluate((e) => (e as HTMLElement).innerText.replace(/\u00a0/g, ' '));

/** Opens a request of the collection on its Body section and waits for its schema. */
async function open(name: string): Promise<void> {
  await page.getByRole('treeitem', { name: new RegExp(`POST ${name}$`) }).click();
  await page.getByRole('tab', { name: new RegExp(`^POST ${name}`), selected: true }).waitFor();
  await page.getByRole('tab', { name: 'Body' }).click();
  await expect.poll(() => status().textContent(), { timeout: 20_000 }).toMatch(/types from|HTTP|not/);
}

async function typeInto(editor: Locator, keys: string): Promise<void> {
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(keys);
}

/** Text as a paste puts it: Monaco's auto-closing brackets and quotes stay out of it. */
async function pasteInto(editor: Locator, value: string): Promise<void> {
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+a');
  // Typing over a selection would wrap it in the bracket typed (Monaco's auto-surround): clear it first.
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(value);
}

/** What F8 shows for each of the editor's first `n` markers (it steps from one to the next). */
async function markerTexts(editor: Locator, n: number): Promise<string> {
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+Home');
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('F8');
    seen.push((await editor.locator('.marker-widget').first().textContent({ timeout: 3000 }).catch(() => '')) ?? '');
  }
  await page.keyboard.press('Escape');
  return seen.join('\n');
}

const responseText = async (): Promise<string> => ((await page.getByLabel('Response body').first().textContent()) ?? '').replace(/\u00a0/g, ' ');

describe('the GraphQL query editor', () => {
  it('loads the schema by introspection once, completes fields from it and accepts one; Refresh introspects again', async () => {
    await open('Explore');
    expect(await status().textContent()).toMatch(/^\d+ types from http:\/\/127\.0\.0\.1:\d+\/graphql/);
    expect(server.operations.filter((o) => o.introspection)).toHaveLength(1);

    await typeInto(query(), '{ ');
    const suggest = query().locator('.suggest-widget');
    await expect.poll(() => suggest.textContent(), { timeout: 20_000 }).toContain('auditLog');
    expect(await suggest.textContent()).toContain('users');
    await page.keyboard.type('hel');
    await expect.poll(() => suggest.locator('.monaco-list-row.focused').textContent()).toContain('hello');
    await shot('completion');
    // The item's name is on screen, not only in the DOM (the app's own CSS once hid it).
    const label = suggest.locator('.monaco-list-row.focused .label-name');
    const row = suggest.locator('.monaco-list-row.focused');
    const [lb, rb] = [await label.boundingBox(), await row.boundingBox()];
    expect(lb && rb && lb.y >= rb.y && lb.y + lb.height <= rb.y + rb.height + 1).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => text(query())).toContain('{ hello');

    // Opening the section again answers from the cache; Refresh asks the server again.
    await page.getByRole('tab', { name: 'Headers' }).click();
    await page.getByRole('tab', { name: 'Body' }).click();
    await expect.poll(() => status().textContent()).toMatch(/types from/);
    expect(server.operations.filter((o) => o.introspection)).toHaveLength(1);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => server.operations.filter((o) => o.introspection).length).toBe(2);
    await expect.poll(() => status().textContent()).toMatch(/types from/);
  });

  it('marks a field the schema does not have and shows a field\'s description on hover', async () => {
    await open('Explore');
    await pasteInto(query(), '{ me { nickname } }');
    await expect.poll(() => markerTexts(query(), 1), { timeout: 10_000 }).toContain('Cannot query field "nickname" on type "User".');
    await query().locator('.view-lines').click();
    await page.keyboard.press('F8');
    await shot('marker');
    await page.keyboard.press('Escape');

    await query().locator('.view-lines').getByText('me', { exact: true }).hover();
    const hover = page.locator('.monaco-hover').filter({ hasText: 'Query.me' });
    await expect.poll(() => hover.textContent(), { timeout: 10_000 }).toContain('The caller: needs a token');
    await shot('hover');
  });

  it('walks the docs explorer from User to posts to Post, with arguments, defaults and descriptions', async () => {
    await open('Explore');
    await page.getByRole('button', { name: 'Docs' }).click();
    const docs = page.getByRole('complementary', { name: 'GraphQL docs' });
    await docs.getByRole('searchbox', { name: 'Search the schema' }).fill('user');
    await docs.getByRole('list', { name: 'Search results' }).getByRole('button', { name: 'User', exact: true }).click();
    await expect.poll(() => docs.getByRole('heading', { level: 3 }).textContent()).toBe('User');
    expect(await docs.textContent()).toContain('An account the API knows.');
    const fields = docs.getByRole('list', { name: 'Fields of User' });
    expect(await fields.textContent()).toContain('posts(first: Int = 10): [Post!]!');
    expect(await fields.textContent()).toContain('Posts this user wrote, newest first.');
    await fields.getByRole('button', { name: 'posts', exact: true }).click();
    await expect.poll(() => docs.getByRole('heading', { level: 3 }).textContent()).toBe('User.posts');
    expect(await docs.getByRole('list', { name: 'Arguments of posts' }).textContent()).toBe('first: Int = 10');
    await shot('docs-field');
    await docs.getByRole('button', { name: 'Post', exact: true }).click();
    await expect.poll(() => docs.getByRole('heading', { level: 3 }).textContent()).toBe('Post');
    expect(await docs.getByRole('list', { name: 'Fields of Post' }).textContent()).toContain('author: User!');
    await docs.getByRole('button', { name: 'Back' }).click();
    await expect.poll(() => docs.getByRole('heading', { level: 3 }).textContent()).toBe('User.posts');
  });

  it('checks the variables against the operation: a missing required one, a wrong type, an undeclared one', async () => {
    await open('One user');
    await pasteInto(variables(), '{"first": "many", "extra": 1}');
    // Checked once typing pauses: the undeclared variable is the warning.
    await expect.poll(() => variables().locator('.squiggly-warning').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // The markers say what is wrong in graphql's (the server's) words, and the list under the editor says it too.
    const list = page.getByRole('list', { name: 'Variable problems' });
    expect(await list.getByRole('listitem').allTextContents()).toEqual([
      'Variable "$id" of required type "ID!" was not provided.',
      expect.stringMatching(/^Variable "\$first" got invalid value "many"; Int cannot represent non-integer value/),
      'Variable "$extra" is not declared by operation One',
    ]);
    expect(await markerTexts(variables(), 1)).toContain('Variable "$id" of required type "ID!" was not provided.');
    await shot('variables');

    // Fixed: the markers go.
    await pasteInto(variables(), '{"id": "1", "first": 1}');
    await expect.poll(() => variables().locator('.squiggly-error, .squiggly-warning').count(), { timeout: 10_000 }).toBe(0);
    expect(await page.getByRole('list', { name: 'Variable problems' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => responseText()).toContain("Ada's post");
  });

  it('picks the operation to send when the document holds several: the server runs the chosen one', async () => {
    await open('Two ops');
    const picker = page.getByRole('combobox', { name: 'Operation' });
    expect(await valueOf(picker)).toBe('Greet');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => server.operations.find((o) => !o.introspection)?.operationName).toBe('Greet');
    await expect.poll(() => responseText()).toContain('Hello, world!');
    await choose(picker, 'People');
    await shot('operation-picker');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => server.operations.filter((o) => !o.introspection).map((o) => o.operationName)).toEqual(['Greet', 'People']);
    await expect.poll(() => responseText()).toContain('Brian');
  });

  it('reads the schema from an SDL file of the collection, sending nothing', async () => {
    await open('From file');
    expect(await status().textContent()).toMatch(/types from schemas\/api\.graphql/);
    expect(server.operations).toEqual([]);
    await pasteInto(query(), '{ nope }');
    await expect.poll(() => query().locator('.squiggly-error').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // A path out of the collection folder is refused, and says so.
    await page.getByRole('textbox', { name: 'SDL file path' }).fill('../../outside.graphql');
    await page.keyboard.press('Enter');
    await expect.poll(() => status().textContent()).toMatch(/outside the collection folder/);
  });

  it('loads a schema behind /strict through the request\'s bearer auth profile', async () => {
    await open('Strict');
    expect(await status().textContent()).toMatch(/types from http:\/\/127\.0\.0\.1:\d+\/strict/);
    expect(server.operations).toEqual([expect.objectContaining({ path: '/strict', introspection: true, authorization: `Bearer ${graphqlTokens.admin}` })]);
  });

  it('says why in the explainer\'s words when the introspection is refused', async () => {
    await open('Strict');
    await page.getByRole('tab', { name: 'Auth' }).click();
    await choose(page.getByRole('combobox', { name: 'Request auth type' }), 'none');
    await page.getByRole('tab', { name: 'Body' }).click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => status().textContent()).toMatch(/got HTTP 401 Unauthorized: The request carried no credentials/);
    expect(await status().textContent()).not.toMatch(/\bat \S+:\d+/);
    await shot('refused');
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`looks right in the ${theme} theme, with no serious or critical axe finding`, async () => {
      await page.getByRole('radiogroup', { name: 'Theme' }).getByText(theme === 'light' ? 'Light' : 'Dark', { exact: true }).click();
      await open('Two ops');
      await page.getByRole('button', { name: 'Docs' }).click();
      await page.getByRole('complementary', { name: 'GraphQL docs' }).getByRole('button', { name: 'Query', exact: true }).click();
      await shot(`docs-${theme}`);
      expect(await axeViolations(page, '.request-editor')).toEqual([]);
    });
  }
});
