// A `ws` echo server in its own process for bench/streams.ts: both clients measured there pay the
// same server, and neither pays for it on its own thread. Prints its port, runs until killed.
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));
wss.on('listening', () => {
  const a = wss.address();
  process.stdout.write(`${typeof a === 'object' && a !== null ? a.port : 0}\n`);
});
