import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { KeyholeError, toKeyholeError } from '../../../shared/errors';
import type { SendResult } from '../../../shared/ipc/send-payloads';
import type { Handlers } from '../../../shared/ipc/types';
import { explainIfRefused, inspectJwt } from '../../../shared/inspector';
import { SECRET_AUTH_FIELDS, type Auth, type Environment, type Exchange } from '../../../shared/model';
import { entryOfFailure, entryOfSend, HistoryStore, type SendContext } from '../history';
import type { ScriptEngine } from '../scripts';
import { loadSession, saveSession } from '../ui-state';
import type { UiSession } from '../../../shared/ipc/ui-session';
import type { SecretStore } from '../secrets/types';
import type { ExplainEntry } from '../../../shared/inspector';
import { loadEnvironment, profileSecretKey, saveEnvironment } from '../workspace';
import { CollectionFolders } from './collections';
import { Exchanges, readBody, readBodyBytes, revealSentHeader, shownResult } from './exchanges';
import { cookieHandlers } from './cookie-jars';
import { sessionSnippet } from './snippets';
import { historyRecorder, withWarning } from './history-record';
import type { ApiHost } from './host';
import { variablesInScope } from './variables';
import { Runs } from './runs';
import { SharedScriptEngine } from './shared-script-engine';
import { addExampleWorkspace } from './example-workspace';
import { sendWithScripts } from './scripted-send';
import { Sessions } from './sessions';
import { LiveStreams } from './streams';
import { foldersAt } from './folders-at';
import { websocketHandlers } from './websockets';
import { grpcHandlers } from './grpc-handlers';
import { EXPORT_FORMATS, exportCollection, importInto } from './transfer';
import { GraphqlSchemas } from '../graphql';

function unavailable(what: string): never {
  throw new KeyholeError('usage', `${what} is only available in the desktop app`, { hint: 'In the browser, use the page\'s own file and download controls.' });
}

/**
 * The engine behind the IPC contract, for any host. Handlers receive arguments already validated
 * by dispatch(); they call the engine's public modules and never hand out raw secrets: exchanges
 * are masked, environments travel without secret values, and secret.reveal answers one key.
 */
export function createHandlers(host: ApiHost) {
  let folders = new CollectionFolders(host.workspaceRoot);
  let sessions = new Sessions(host, folders);
  const exchanges = new Exchanges();
  const inFlight = new Map<string, AbortController>();
  const now = host.now ?? (() => new Date());
  const history = new HistoryStore({ stateDir: host.stateDir, now });
  const record = historyRecorder(history);
  // One QuickJS engine for the process, shared by the tabs' sends and the runs.
  const scripts = new SharedScriptEngine(host.now ? { now: host.now } : {});
  if (host.warmScripts) scripts.warm();
  const engine = (): Promise<ScriptEngine> => scripts.get();
  const runs = new Runs((id, env, signal) => sessions.openDetached(id, env, signal), (c) => scripts.forRun(c));
  const streams = new LiveStreams();
  const schemas = new GraphqlSchemas(now);

  // Without a state folder (tests, a host that keeps nothing) the session lives as long as the process.
  let memorySession: UiSession | undefined;
  const sessionOptions = (stateDir: string) => ({ stateDir, workspaceRoot: folders.root, secrets: host.secrets });

  const workspace = async () => ({
    root: folders.root,
    collections: await Promise.all((await folders.ids()).map((id) => folders.read(id, host.secrets))),
  });

  const handlers = {
    'app.info': async () => ({ version: host.version, host: host.kind, platform: host.platform, secretStorage: host.secretStorage }),
    'app.openExternal': async ({ url }) => {
      if (!host.openExternal) unavailable('Opening the system browser');
      await host.openExternal(url);
      return { ok: true as const };
    },
    'workspace.get': workspace,
    'workspace.choose': async ({ create }) => {
      if (!host.chooseFolder) unavailable('Choosing a workspace folder');
      const dir = await host.chooseFolder(create);
      if (dir === null) return null;
      await sessions.drop();
      folders = new CollectionFolders(dir);
      sessions = new Sessions(host, folders);
      return workspace();
    },
    'collection.create': async ({ name }) => folders.create(name, host.secrets),
    'workspace.addExample': async () => {
      if (!host.exampleWorkspace) unavailable('The example workspace');
      return { collectionIds: await addExampleWorkspace(host.exampleWorkspace, folders, host.secrets) };
    },
    'collection.save': async ({ id, collection, expected, force }) => {
      const { versions, files } = await folders.save(id, collection, host.secrets, { expected, force });
      await sessions.drop(id);
      return { ok: true as const, files, ...(versions ? { versions } : {}) };
    },
    'request.save': async ({ collectionId, path, request, expected, force }) => {
      const { versions, files } = await folders.saveRequest(collectionId, path, request, { expected, force });
      await sessions.drop(collectionId);
      return { ok: true as const, files, ...(versions ? { versions } : {}) };
    },
    'collection.delete': async ({ id }) => {
      await sessions.drop(id);
      await folders.remove(id, now());
      return { ok: true as const };
    },
    // dirOf refuses an id that names no collection of the workspace, as every channel does.
    'collection.fileAccess': async ({ id }) => {
      folders.dirOf(id);
      return sessions.fileAccess(id);
    },
    'collection.setFileAccess': async ({ id, access }) => {
      folders.dirOf(id);
      await sessions.setFileAccess(id, access);
      return { ok: true as const };
    },
    'environment.save': async ({ collectionId, environment, previousName }) => {
      const dir = folders.dirOf(collectionId);
      await saveEnvironment(dir, await keepStoredProfileSecrets(environment, host.secrets), host.secrets);
      if (previousName !== undefined && previousName !== environment.name) await removeEnvironmentFile(dir, previousName);
      await sessions.drop(collectionId);
      return { ok: true as const };
    },
    'environment.delete': async ({ collectionId, name }) => {
      await removeEnvironmentFile(folders.dirOf(collectionId), name);
      await sessions.drop(collectionId);
      return { ok: true as const };
    },
    'secret.reveal': async ({ environment, key }) => ({ value: (await host.secrets.get(environment, key)) ?? null }),
    'variables.list': async ({ collectionId, environment }) => {
      if (collectionId === undefined) return variablesInScope(undefined, undefined);
      const s = await sessions.get(collectionId, environment).session;
      return variablesInScope(s.collection, s.environment);
    },
    'request.send': async ({ sendId, request, collectionId, folders: path, environment, requestId }) => {
      // This send's own signal: cancelling it leaves the session (cookies, tokens, nonces) open.
      const abort = new AbortController();
      inFlight.set(sendId, abort);
      const watch = streams.watchSend(sendId);
      const startedAt = now();
      const t0 = performance.now();
      const ctx: SendContext = { request, collectionId, requestId, environment, folderNames: path, folders: [] };
      try {
        const s = await sessions.get(collectionId, environment).session;
        ctx.session = s;
        ctx.folders = foldersAt(s.collection.items, path);
        // The app reconnects an event stream as a browser's EventSource does, unless the request,
        // a folder or the collection (the nearest that says) turns it off.
        const said = [request.settings, ...[...ctx.folders].reverse().map((f) => f.settings), s.collection.settings].find((x) => x.reconnectEventStream !== undefined);
        if (said?.reconnectEventStream !== false) watch.reconnect = {};
        const sent = await sendWithScripts(s, request, ctx.folders, abort.signal, engine, watch);
        const explanation = explain(exchanges.recentRaw(), sent.exchange);
        const plain: SendResult = { exchange: sent.masked, ...(explanation ? { explanation } : {}), ...(sent.tests ? { tests: sent.tests } : {}) };
        const result = shownResult(withWarning(plain, await record(() => entryOfSend(ctx, sent))));
        exchanges.add(sent.exchange, result);
        return result;
      } catch (e) {
        const error = abort.signal.aborted ? new KeyholeError('cancelled', `${request.method} ${request.url} was cancelled`) : e;
        await record(() => entryOfFailure(ctx, toKeyholeError(error), startedAt, performance.now() - t0));
        throw error;
      } finally {
        inFlight.delete(sendId);
        streams.sendEnded(sendId);
      }
    },
    'request.cancel': async ({ sendId }) => {
      const abort = inFlight.get(sendId);
      if (!abort) return { cancelled: false };
      abort.abort();
      return { cancelled: true };
    },
    'exchange.get': async ({ id }) => exchanges.get(id).result,
    'exchange.body': async ({ id, offset, length }) => {
      // A run's exchange (opened from a Runner row) reads its body the same way as a tab's.
      const ofRun = exchanges.has(id) ? undefined : runs.exchanges.byId(id);
      return ofRun ? readBody(ofRun.exchange.response.body, offset, length) : exchanges.body(id, offset, length);
    },
    'exchange.bodyBytes': async ({ id, offset, length }) => {
      const ofRun = exchanges.has(id) ? undefined : runs.exchanges.byId(id);
      return ofRun ? readBodyBytes(ofRun.exchange.response.body, offset, length) : exchanges.bodyBytes(id, offset, length);
    },
    'exchange.saveBody': async ({ id }) => {
      if (!host.saveFile) unavailable('Saving to a chosen file');
      const ofRun = exchanges.has(id) ? undefined : runs.exchanges.byId(id);
      const response = ofRun ? ofRun.exchange.response : exchanges.get(id).raw.response;
      const body = response.body;
      const name = `response-${id.slice(0, 8)}${extensionFor(response.headers)}`;
      const path = await host.saveFile(name, body.storage === 'file' ? { path: body.path } : { bytes: Buffer.from(body.base64, 'base64') });
      return { path };
    },
    'exchange.reveal': async ({ id, hop, header }) => revealSentHeader(exchanges.get(id).raw, hop, header),
    'exchange.snippet': async ({ request, collectionId, folders: path, environment, lang, includeSecrets }) => {
      const s = await sessions.get(collectionId, environment).session;
      return sessionSnippet(s, request, foldersAt(s.collection.items, path), lang, includeSecrets);
    },
    'history.snippet': async ({ id, lang }) => {
      const e = await history.get(id);
      // The entry's collection may be gone since: the request still has a snippet, without its variables.
      const s = await sessions.get(e.collectionId, e.environment).session.catch(() => sessions.get(undefined, undefined).session);
      return sessionSnippet(s, e.composed, foldersAt(s.collection.items, e.folders), lang, false);
    },
    ...cookieHandlers(() => sessions, now),
    'history.list': async ({ query }) => history.list(query),
    'history.get': async ({ id }) => history.get(id),
    'history.clear': async () => {
      await history.clear();
      return { ok: true as const };
    },
    'inspector.explain': async ({ id }) => exchanges.get(id).result.explanation ?? null,
    'inspector.jwt': async ({ token, key }) => inspectJwt(token, { at: now(), ...(key ? { key: { kind: 'text' as const, text: key, label: 'the key you pasted' } } : {}) }),
    'auth.forgetToken': async ({ collectionId }) => {
      await sessions.drop(collectionId);
      return { ok: true as const };
    },
    'import.run': async ({ text, filename, collectionId }) => importInto(folders, host.secrets, text, filename, collectionId),
    'export.formats': async () => EXPORT_FORMATS,
    'export.run': async ({ collectionId, format, environment }) => {
      const wc = await folders.read(collectionId, host.secrets);
      return exportCollection(wc.collection, format, wc.environments, environment);
    },
    'export.save': async ({ collectionId, format, environment }) => {
      const wc = await folders.read(collectionId, host.secrets);
      if (!host.saveFile) unavailable('Saving an export to a chosen file');
      const out = exportCollection(wc.collection, format, wc.environments, environment);
      return { filename: out.filename, path: await host.saveFile(out.filename, { bytes: Buffer.from(out.text, 'utf8') }) };
    },
    'file.pick': async ({ title }) => {
      if (!host.pickFile) unavailable('The native file picker');
      return { path: await host.pickFile(title) };
    },
    'file.stage': async ({ name, base64 }) => {
      const dir = join(host.tempDir, 'staged', randomUUID());
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const path = join(dir, basename(name).replace(/[^\w.-]+/g, '_') || 'upload');
      await writeFile(path, Buffer.from(base64, 'base64'), { mode: 0o600 });
      return { path };
    },
    'file.reveal': async ({ collectionId, itemId }) => {
      const path = await folders.fileOf(collectionId, itemId);
      host.revealFile?.(path);
      return { path, revealed: host.revealFile !== undefined };
    },
    'runner.start': async (o) => ({ runId: runs.start({ ...o, iterations: o.iterations ?? 1, iterationsGiven: o.iterations !== undefined }) }),
    'runner.poll': async ({ runId, after }) => runs.poll(runId, after),
    'runner.stop': async ({ runId }) => ({ stopped: runs.stop(runId) }),
    'runner.exchange': async ({ runId, exchangeId }) => runs.exchange(runId, exchangeId),
    'runner.report': async ({ runId, format, save }) => {
      const out = await runs.report(runId, format);
      if (!save) return out;
      if (!host.saveFile) unavailable('Saving a report to a chosen file');
      return { filename: out.filename, text: '', path: await host.saveFile(out.filename, { bytes: Buffer.from(out.text, 'utf8') }) };
    },
    ...websocketHandlers({ sessions: () => sessions, exchanges, streams, record, now }),
    ...grpcHandlers({ sessions: () => sessions, streams, exchanges, foldersAt, record, engine, now }),
    'stream.poll': async ({ id, after }) => streams.poll(id, after),
    'stream.stop': async ({ id }) => ({ stopped: streams.stop(id) }),
    'graphql.schema': async ({ request, collectionId, folders: path, environment, requestId, refresh }) => {
      const session = (): ReturnType<Sessions['get']>['session'] => sessions.get(collectionId, environment).session;
      const folderList = collectionId === undefined ? [] : foldersAt((await session()).collection.items, path);
      return schemas.get({ request, folders: folderList, collectionId, requestId, refresh }, { session, policy: () => sessions.filePolicyOf(collectionId), earlier: () => exchanges.recentRaw() });
    },
    'session.load': async () => (host.stateDir ? loadSession(sessionOptions(host.stateDir)) : { session: memorySession ?? null, notes: {} }),
    'session.save': async ({ session }) => {
      if (host.stateDir) await saveSession(session, sessionOptions(host.stateDir));
      else memorySession = session;
      return { ok: true as const };
    },
  } satisfies Handlers;
  const close = async (): Promise<void> => {
    runs.stopAll();
    streams.closeAll();
    await Promise.all([sessions.drop(), scripts.close(), history.flush()]);
  };
  return { handlers, close, root: () => folders.root };
}

/** The explanation of a refused exchange, with the session's earlier exchanges as context (cookies). */
function explain(earlier: readonly Exchange[], raw: Exchange): ExplainEntry | undefined {
  return explainIfRefused(raw, earlier);
}

function extensionFor(headers: readonly (readonly [string, string])[]): string {
  const type = headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  if (type.includes('json')) return '.json';
  if (type.includes('html')) return '.html';
  if (type.includes('xml')) return '.xml';
  if (type.startsWith('text/')) return '.txt';
  return '.bin';
}

/**
 * Secrets never travel to the renderer, so an environment comes back with its profiles' secret
 * fields empty; empty means "keep what the store has" (as for secret variables), not "no password".
 */
async function keepStoredProfileSecrets(env: Environment, secrets: SecretStore): Promise<Environment> {
  const profiles: Environment['profiles'] = {};
  for (const [slot, auth] of Object.entries(env.profiles)) {
    const record = { ...auth } as Record<string, unknown>;
    for (const field of SECRET_AUTH_FIELDS[auth.type]) {
      if (record[field] !== '' && record[field] !== undefined) continue;
      const stored = await secrets.get(env.name, profileSecretKey(slot, field));
      if (stored !== undefined) record[field] = stored;
    }
    profiles[slot] = record as Auth;
  }
  return { ...env, profiles };
}

async function removeEnvironmentFile(dir: string, name: string): Promise<void> {
  await rm((await loadEnvironment(dir, name)).file);
}
