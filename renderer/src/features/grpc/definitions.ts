import { isGrpcRequest, type GrpcDescription, type GrpcMethodInfo, type GrpcRequest } from '../../../../shared/model';
import { api } from '../../lib/api';
import { createStore } from '../../lib/store';
import { tabError, tabs, updateTab, type TabError } from '../../state/tabs';
import { targetOf } from './calls';

/** What grpc.describe answered for a tab (its services and methods), or why it could not. */
export interface Definitions {
  loading: boolean;
  description?: GrpcDescription | undefined;
  error?: TabError | undefined;
  /** The proto source and server it was loaded from: a change makes it stale. */
  key?: string | undefined;
}

/** Definitions by tab id. */
export const definitions = createStore<Record<string, Definitions>>({});

const set = (tabId: string, d: Definitions): void => definitions.set((s) => ({ ...s, [tabId]: d }));

/** What the description depends on: another server or proto source needs loading again. */
export const sourceKey = (r: GrpcRequest): string => JSON.stringify([r.proto, r.proto.type === 'reflection' ? r.url : '']);

/**
 * Loads the services and methods of the tab's proto source (its .proto files, or the server's
 * reflection with the request's metadata, auth and TLS). A request without a method yet gets the
 * first one, so Generate template and Invoke have something to work on.
 */
export async function describeTab(tabId: string, refresh: boolean): Promise<void> {
  const t = tabs.get().tabs.find((x) => x.id === tabId);
  if (!t || !isGrpcRequest(t.draft)) return;
  const key = sourceKey(t.draft);
  set(tabId, { ...definitions.get()[tabId], loading: true, key });
  try {
    const description = await api['grpc.describe']({ request: t.draft, refresh, ...targetOf(t) });
    set(tabId, { loading: false, description, key });
    const first = description.services[0]?.methods[0];
    updateTab(tabId, (x) => (isGrpcRequest(x.draft) && x.draft.rpc === '' && first ? { ...x, draft: { ...x.draft, rpc: first.rpc }, preview: false } : x));
  } catch (e) {
    set(tabId, { loading: false, error: tabError(e), key });
  }
}

/** The method a request names, as its description knows it. */
export function methodOf(d: GrpcDescription | undefined, rpc: string): GrpcMethodInfo | undefined {
  for (const s of d?.services ?? []) for (const m of s.methods) if (m.rpc === rpc) return m;
  return undefined;
}

/** Replaces the message editor's text with a JSON template of the method's request type. */
export async function generateTemplate(tabId: string): Promise<TabError | undefined> {
  const t = tabs.get().tabs.find((x) => x.id === tabId);
  if (!t || !isGrpcRequest(t.draft)) return undefined;
  try {
    const { text } = await api['grpc.template']({ request: t.draft, ...targetOf(t) });
    updateTab(tabId, (x) => (isGrpcRequest(x.draft) ? { ...x, draft: withMessage(x.draft, text), preview: false } : x));
    return undefined;
  } catch (e) {
    return tabError(e);
  }
}

/** The request with its first message's text replaced (one named "message" made if it has none). */
export function withMessage(r: GrpcRequest, text: string): GrpcRequest {
  const [first, ...rest] = r.messages;
  return { ...r, messages: [{ name: first?.name ?? 'message', enabled: first?.enabled ?? true, text }, ...rest] };
}
