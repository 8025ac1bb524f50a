import type * as Undici from 'undici';
import dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import api from 'undici/lib/api/index.js';
import agent from 'undici/lib/dispatcher/agent.js';
import proxyAgent from 'undici/lib/dispatcher/proxy-agent.js';
import connect from 'undici/lib/core/connect.js';

/**
 * The three parts of undici the engine uses, loaded from their own modules rather than through
 * undici's index, which also loads fetch, WebSocket, EventSource, the HTTP cache and the mock
 * agent: about 850 KB more of source that V8 keeps for the life of the process, and ~4 MB of a
 * 1,000-request `keyhole run`'s peak memory (measured in bench/README.md). They are the same
 * objects the index re-exports (one module cache), so dispatchers from either mix freely.
 * undici 7 has no exports map; test/engine/http/undici-classes.test.ts pins these paths.
 * Static imports, not require(): the CLI build (scripts/build-cli.ts) bundles them with the rest.
 */

// What undici's index does on load besides exporting: give every dispatcher the request, stream,
// pipeline, upgrade and connect methods. ProxyAgent opens its tunnels with connect().
Object.assign((dispatcher as { prototype: object }).prototype, api);

export const Agent = agent as typeof Undici.Agent;
export const ProxyAgent = proxyAgent as typeof Undici.ProxyAgent;
export const buildConnector = connect as typeof Undici.buildConnector;
