import { subscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { TLSSocket } from 'node:tls';
import type { buildConnector } from 'undici';

/**
 * What one hop learns about its connection: which socket carried it (from undici's diagnostics
 * channels) and, when it opened a new one, how long DNS, TCP and TLS took.
 *
 * A request is tied to its probe when undici creates it, which happens synchronously inside
 * dispatch, so a plain module variable set around that call is enough; later events are matched by
 * undici's request object, which stays right even when a queued request is written from another
 * request's callback. (AsyncLocalStorage did this before: on Node 20 it turns on async hooks for
 * every promise in the process, which more than doubled the CPU cost of a request.)
 */
export interface HopProbe {
  /** The target's host:port, the key proxy-tunnel connects are matched by (see latestByHost). */
  host: string;
  request?: object;
  socket?: Socket;
  /** Fallback for connectors we do not wrap (proxy tunnels): first beforeConnect to last connected. */
  connectStart?: number;
  connectEnd?: number;
}

interface SocketPhases {
  started: number;
  dnsEnd?: number;
  connectEnd?: number;
  tlsEnd?: number;
  claimed: boolean;
}

let active: HopProbe | undefined;
const byRequest = new WeakMap<object, HopProbe>();
const phases = new WeakMap<Socket, SocketPhases>();
/**
 * Connects through a proxy tunnel are not wrapped by timedConnector; their events name only the
 * host, so they go to the latest probe that dispatched to it (exact for sequential runs).
 */
const latestByHost = new Map<string, HopProbe>();
/** Through a proxy the connect names the proxy, not the target: then the latest dispatch is meant. */
let latest: HopProbe | undefined;

type Message = { request?: { origin?: unknown }; socket?: Socket; connectParams?: { hostname?: string; port?: string | number } };

const hostKey = (hostname: string | undefined, port: string | number | undefined): string => `${hostname ?? ''}:${port ?? ''}`;

/** A probe for one hop to `target`. */
export function newProbe(target: URL): HopProbe {
  return { host: hostKey(target.hostname, target.port || (target.protocol === 'https:' ? 443 : 80)) };
}

subscribe('undici:request:create', (m) => {
  const probe = active;
  const request = (m as Message).request;
  if (probe && request && probe.request === undefined) {
    probe.request = request;
    byRequest.set(request, probe);
    latest = probe;
    latestByHost.set(probe.host, probe);
  }
});
subscribe('undici:client:sendHeaders', (m) => {
  const { request, socket } = m as Message;
  const probe = request ? byRequest.get(request) : undefined;
  if (probe && socket) probe.socket = socket;
});
const probeOfConnect = (m: unknown): HopProbe | undefined => {
  const c = (m as Message).connectParams;
  return (c ? latestByHost.get(hostKey(c.hostname, c.port)) : undefined) ?? latest;
};
subscribe('undici:client:beforeConnect', (m) => {
  const probe = probeOfConnect(m);
  if (probe && probe.connectStart === undefined) probe.connectStart = performance.now();
});
subscribe('undici:client:connected', (m) => {
  const probe = probeOfConnect(m);
  if (probe) probe.connectEnd = performance.now();
});

/** Runs `fn` (which must dispatch synchronously) with `probe` as the one new requests attach to. */
export function runWithProbe<T>(probe: HopProbe, fn: () => T): T {
  const previous = active;
  active = probe;
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/** Forgets the host a finished hop dispatched to, so the map does not grow with every host ever seen. */
export function releaseProbe(probe: HopProbe): void {
  if (latestByHost.get(probe.host) === probe) latestByHost.delete(probe.host);
  if (latest === probe) latest = undefined;
}

/** Wraps undici's connector to timestamp lookup, TCP connect and TLS handshake on each new socket. */
export function timedConnector(base: buildConnector.connector): buildConnector.connector {
  const open = base as unknown as (o: buildConnector.Options, cb: buildConnector.Callback) => Socket | undefined;
  return (options, callback) => {
    const record: SocketPhases = { started: performance.now(), claimed: false };
    const socket = open(options, callback);
    if (!socket) return;
    phases.set(socket, record);
    socket.once('lookup', () => { record.dnsEnd = performance.now(); });
    socket.once('connect', () => { record.connectEnd = performance.now(); });
    socket.once('secureConnect', () => { record.tlsEnd = performance.now(); });
  };
}

export interface ConnectionFacts {
  dns: number;
  connect: number;
  tls: number;
  httpVersion: '1.1' | '2';
  remoteAddress?: string | undefined;
  tlsInfo?: { verified: boolean; protocol?: string; authorizedError?: string } | undefined;
}

/** Reads what the probe saw. Only the first request on a new socket gets its DNS/connect/TLS times. */
export function connectionFacts(probe: HopProbe): ConnectionFacts {
  const socket = probe.socket;
  let dns = 0;
  let connect = 0;
  let tls = 0;
  const p = socket ? phases.get(socket) : undefined;
  if (p && !p.claimed) {
    p.claimed = true;
    const afterDns = p.dnsEnd ?? p.started;
    const afterConnect = p.connectEnd ?? afterDns;
    dns = afterDns - p.started;
    connect = afterConnect - afterDns;
    tls = p.tlsEnd === undefined ? 0 : p.tlsEnd - afterConnect;
  } else if (!p && probe.connectStart !== undefined && probe.connectEnd !== undefined) {
    connect = probe.connectEnd - probe.connectStart;
  }
  const facts: ConnectionFacts = {
    dns: Math.max(0, dns), connect: Math.max(0, connect), tls: Math.max(0, tls),
    httpVersion: socket instanceof TLSSocket && socket.alpnProtocol === 'h2' ? '2' : '1.1',
  };
  if (socket?.remoteAddress) facts.remoteAddress = `${socket.remoteAddress}:${socket.remotePort ?? ''}`;
  if (socket instanceof TLSSocket) {
    const protocol = socket.getProtocol();
    const error = socket.authorizationError;
    facts.tlsInfo = {
      verified: socket.authorized,
      ...(protocol ? { protocol } : {}),
      ...(error ? { authorizedError: String(error) } : {}),
    };
  }
  return facts;
}
