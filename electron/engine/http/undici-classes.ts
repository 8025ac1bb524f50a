import { createRequire } from 'node:module';
import type * as Undici from 'undici';

/**
 * The three parts of undici the engine uses, loaded from their own modules rather than through
 * undici's index, which also loads fetch, WebSocket, EventSource, the HTTP cache and the mock
 * agent: about 850 KB more of source that V8 keeps for the life of the process, and ~4 MB of a
 * 1,000-request `keyhole run`'s peak memory (measured in bench/README.md). They are the same
 * objects the index re-exports (one module cache), so dispatchers from either mix freely.
 * undici 7 has no exports map; test/engine/http/undici-classes.test.ts pins these paths.
 */
const load = createRequire(import.meta.url);

// What undici's index does on load besides exporting: give every dispatcher the request, stream,
// pipeline, upgrade and connect methods. ProxyAgent opens its tunnels with connect().
Object.assign((load('undici/lib/dispatcher/dispatcher.js') as { prototype: object }).prototype, load('undici/lib/api/index.js'));

export const Agent: typeof Undici.Agent = load('undici/lib/dispatcher/agent.js');
export const ProxyAgent: typeof Undici.ProxyAgent = load('undici/lib/dispatcher/proxy-agent.js');
export const buildConnector: typeof Undici.buildConnector = load('undici/lib/core/connect.js');
