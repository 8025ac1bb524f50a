import { createServer } from 'node:net';
import { closeServer, listenLocal, trackSockets, type RunningServer } from './running';

export interface SilentTestServer extends RunningServer {
  /** How many connections it accepted (and never answered). */
  accepted(): number;
}

/**
 * A TCP server that accepts connections, reads whatever arrives and never writes a byte. Over
 * http:// a request waits forever for its response (total timeout); over https:// the TLS
 * handshake never completes (connect timeout), without needing an unroutable address.
 */
export async function startSilentServer(): Promise<SilentTestServer> {
  let count = 0;
  const server = createServer((socket) => {
    count += 1;
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
  });
  const sockets = trackSockets(server);
  const port = await listenLocal(server);
  return { url: `http://127.0.0.1:${port}`, port, accepted: () => count, close: () => closeServer(server, sockets) };
}
