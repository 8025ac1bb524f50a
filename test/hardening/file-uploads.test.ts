import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/bridge/memory-secrets';
import { createHandlers } from '../../electron/engine/api';
import { closeDispatchers } from '../../electron/engine/http';
import type { SecretStore } from '../../electron/engine/secrets';
import { openSession, type SessionOptions } from '../../electron/engine/session';
import { isKeyholeError, type KeyholeError } from '../../shared/errors';
import { apiOver, inProcessInvoke } from '../../shared/ipc';
import { Request, type Body } from '../../shared/model';
import { keyhole } from '../cli/harness';
import { readRequestBody, startHttpServer, type HttpTestServer } from '../servers/http';

/**
 * Guarantee 10: a collection uploads only its own files. A binary body or multipart file part
 * whose path leads out of the collection folder (`../`, an absolute path, a symbolic link to a
 * file or a folder outside) is refused before anything is read or sent, naming the file and how
 * to allow it; the user allows more with --working-dir / --allow-files-outside (CLI) or the
 * collection's setting (app), never through the collection's own files.
 */
const SECRET = 'TOP-SECRET-ssh-key-material-4f8a';
const noSecrets: SecretStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, describe: () => 'set it' };

let server: HttpTestServer;
let bodies: string[];
let root: string;
let coll: string;
let outside: string;

beforeAll(async () => {
  bodies = [];
  server = await startHttpServer((req, res) => {
    void readRequestBody(req).then((b) => {
      bodies.push(b.toString('utf8'));
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  root = await mkdtemp(join(tmpdir(), 'keyhole-uploads-'));
  coll = join(root, 'collection');
  outside = join(root, 'secret.txt');
  await mkdir(join(coll, 'data'), { recursive: true });
  await writeFile(join(coll, 'collection.yaml'), 'keyhole: 1\nname: uploads\n');
  await writeFile(join(coll, 'data', 'inside.txt'), 'inside the collection');
  await writeFile(join(coll, 'data', '..not-a-parent.txt'), 'a name that starts with two dots');
  await writeFile(outside, SECRET);
  await symlink(outside, join(coll, 'link-out.txt'));
  await symlink(root, join(coll, 'link-dir'));
  await symlink(join(coll, 'data', 'inside.txt'), join(coll, 'link-in.txt'));
});
afterAll(async () => {
  await closeDispatchers();
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const binary = (path: string): Body => ({ mode: 'binary', path, contentType: 'text/plain' });
const multipart = (path: string, enabled = true): Body => ({ mode: 'multipart', fields: [{ kind: 'text', name: 'note', value: 'hi', enabled: true }, { kind: 'file', name: 'doc', path, enabled }] });
const upload = (body: Body) => Request.parse({ name: 'Upload', method: 'POST', url: `${server.url}/upload`, body });

async function sendWith(body: Body, files?: SessionOptions['files']): Promise<unknown> {
  const session = await openSession({ collectionDir: coll, secrets: noSecrets, tempDir: await mkdtemp(join(tmpdir(), 'keyhole-uploads-tmp-')), files });
  return session.send(upload(body)).then((s) => s.exchange.response.status, (e: unknown) => e);
}

/** The secret never reached the server, whatever happened. */
function secretNeverSent(): void {
  expect(bodies.filter((b) => b.includes(SECRET))).toEqual([]);
}

describe('by default, files come from the collection folder only (keyhole run, keyhole send and the app share this session path)', () => {
  const refusals: [string, () => Body, RegExp][] = [
    ['../ out of the folder', () => binary('../secret.txt'), /uploads "\.\.\/secret\.txt", which is outside the collection folder/],
    ['an absolute path', () => binary(outside), /which is outside the collection folder/],
    ['a symbolic link to a file outside', () => binary('link-out.txt'), /uploads "link-out\.txt" \(it leads to .*secret\.txt\), which is outside/],
    ['a path through a symbolic link to a folder outside', () => binary('link-dir/secret.txt'), /\(it leads to .*secret\.txt\)/],
    ['a multipart file part', () => multipart('../secret.txt'), /uploads "\.\.\/secret\.txt" \(field "doc"\), which is outside/],
  ];
  for (const [what, body, message] of refusals) {
    it(`refuses ${what}, naming the file and how to allow it; nothing is sent`, async () => {
      const before = server.requests.length;
      const e = await sendWith(body());
      expect(isKeyholeError(e)).toBe(true);
      expect(e).toMatchObject({ code: 'file-not-allowed' });
      expect((e as KeyholeError).message).toMatch(message);
      expect((e as KeyholeError).message).toContain(coll);
      expect((e as KeyholeError).hint).toMatch(/--working-dir DIR .* --allow-files-outside/);
      expect(server.requests.length).toBe(before);
      secretNeverSent();
    });
  }

  it('sends files inside it: a relative path, a link that stays inside, a detour through .., a name starting with two dots', async () => {
    for (const path of ['data/inside.txt', 'link-in.txt', 'data/../data/inside.txt', join(coll, 'data', 'inside.txt')]) {
      bodies = [];
      expect(await sendWith(binary(path)), path).toBe(200);
      expect(bodies).toEqual(['inside the collection']);
    }
    expect(await sendWith(binary('data/..not-a-parent.txt'))).toBe(200);
    expect(await sendWith(multipart('data/inside.txt'))).toBe(200);
    expect(bodies.at(-1)).toContain('inside the collection');
  });

  it('a disabled file part is not read, so it is not checked either', async () => {
    expect(await sendWith(multipart('../secret.txt', false))).toBe(200);
    secretNeverSent();
  });

  it('an auth scheme that hashes the body (SigV4) does not read the file either', async () => {
    const session = await openSession({ collectionDir: coll, secrets: noSecrets, tempDir: await mkdtemp(join(tmpdir(), 'keyhole-uploads-tmp-')) });
    const before = server.requests.length;
    const request = Request.parse({
      name: 'Signed', method: 'PUT', url: `${server.url}/bucket/key`, body: binary('../secret.txt'),
      auth: { type: 'awsv4', accessKeyId: 'AKID', secretAccessKey: 'sk', region: 'us-east-1', service: 's3' },
    });
    await expect(session.send(request)).rejects.toMatchObject({ code: 'file-not-allowed' });
    expect(server.requests.length).toBe(before);
  });
});

describe('what the user allows', () => {
  it('allowOutside (--allow-files-outside, the app\'s setting) sends the file outside', async () => {
    bodies = [];
    expect(await sendWith(binary('../secret.txt'), { allowOutside: true })).toBe(200);
    expect(bodies).toEqual([SECRET]);
  });

  it('a working directory: relative paths start there, and files must be inside it', async () => {
    bodies = [];
    expect(await sendWith(binary('secret.txt'), { workingDir: root })).toBe(200);
    expect(bodies).toEqual([SECRET]);
    const e = await sendWith(binary('/etc/hostname'), { workingDir: coll + '/data' });
    expect(e).toMatchObject({ code: 'file-not-allowed', message: expect.stringContaining(`outside the working directory ${coll}/data`) });
  });
});

describe('the CLI: keyhole run and keyhole send', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(root, 'cli-collection');
    await mkdir(dir);
    await writeFile(join(dir, 'collection.yaml'), 'keyhole: 1\nname: cli uploads\n');
    await writeFile(join(dir, 'upload.request.yaml'), `name: Upload\nmethod: POST\nurl: ${server.url}/upload\nbody:\n  mode: binary\n  path: ../secret.txt\n`);
  });

  it('run refuses the file (exit 2) and says how to allow it; --allow-files-outside and --working-dir allow it', async () => {
    bodies = [];
    const refused = await keyhole(['run', dir]);
    expect(refused.code).toBe(2);
    expect(refused.out).toMatch(/uploads "\.\.\/secret\.txt", which is outside the collection folder/);
    secretNeverSent();
    const allowed = await keyhole(['run', dir, '--allow-files-outside']);
    expect(allowed.code, allowed.out).toBe(0);
    const working = await keyhole(['run', dir, '--working-dir', root]);
    // Relative paths start at the working directory: ../secret.txt from root is outside it.
    expect(working.code).toBe(2);
    expect(working.out, working.out).toMatch(/outside the working directory/);
    expect(bodies).toEqual([SECRET]);
  });

  it('send of the stored request: one keyhole: line with the hint, exit 2; the flags allow it', async () => {
    bodies = [];
    const refused = await keyhole(['send', 'Upload', '-c', dir]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/^keyhole: Request Upload uploads "\.\.\/secret\.txt", which is outside the collection folder .*: not read\n {2}hint: .*--allow-files-outside to keyhole run or send\.\n$/);
    secretNeverSent();
    expect((await keyhole(['send', 'Upload', '-c', dir, '--allow-files-outside'])).code).toBe(0);
    expect(bodies).toEqual([SECRET]);
    const notAFolder = await keyhole(['send', 'Upload', '-c', dir, '--working-dir', join(root, 'nope')]);
    expect(notAFolder.code).toBe(2);
    expect(notAFolder.err).toMatch(/--working-dir .*nope is not a folder/);
  });
});

describe('the app (the engine API behind IPC and the bridge)', () => {
  it('refuses by default; the collection\'s setting, granted by the user, allows it; a staged upload is allowed', async () => {
    const appDir = await mkdtemp(join(tmpdir(), 'keyhole-uploads-app-'));
    const ws = join(appDir, 'ws');
    await mkdir(join(ws, 'api'), { recursive: true });
    await writeFile(join(ws, 'api', 'collection.yaml'), 'keyhole: 1\nname: api\n');
    await writeFile(join(ws, 'secret.txt'), SECRET);
    const h = createHandlers({
      kind: 'browser', version: 'test', platform: process.platform, workspaceRoot: ws, secrets: new MemorySecretStore(),
      secretStorage: { backend: 'memory', osEncrypted: false }, tempDir: appDir, stateDir: join(appDir, 'state'),
    });
    const api = apiOver(inProcessInvoke(h.handlers));
    const sendBody = (body: Body) => api['request.send']({ sendId: 's', collectionId: 'api', request: { name: 'Upload', method: 'POST', url: `${server.url}/upload`, body } });
    try {
      bodies = [];
      await expect(sendBody(binary('../secret.txt'))).rejects.toMatchObject({ code: 'file-not-allowed', hint: expect.stringContaining('request settings') });
      secretNeverSent();
      const staged = await api['file.stage']({ name: 'picked.txt', base64: Buffer.from('picked in the browser').toString('base64') });
      expect((await sendBody(binary(staged.path))).exchange.response.status).toBe(200);

      expect(await api['collection.fileAccess']({ id: 'api' })).toEqual({ allowFilesOutside: false });
      expect(await api['collection.setFileAccess']({ id: 'api', access: { allowFilesOutside: true } })).toEqual({ ok: true });
      expect(await api['collection.fileAccess']({ id: 'api' })).toEqual({ allowFilesOutside: true });
      expect((await sendBody(binary('../secret.txt'))).exchange.response.status).toBe(200);
      expect(bodies.at(-1)).toBe(SECRET);
      // The grant lives in the app's state, not in the collection's files.
      const { readdir } = await import('node:fs/promises');
      expect((await readdir(join(ws, 'api'))).sort()).toEqual(['collection.yaml']);
      await expect(api['collection.fileAccess']({ id: '..' })).rejects.toMatchObject({ code: 'invalid-input' });
    } finally {
      await h.close();
      await rm(appDir, { recursive: true, force: true });
    }
  });
});
