// The tests' gRPC server (test/servers/grpc.ts) in its own process for bench/grpc.ts: both clients
// measured there pay the same server, and neither pays for it on its own thread. Prints its
// address, runs until killed.
import { startGrpcServer } from '../test/servers/grpc';

const server = await startGrpcServer();
process.stdout.write(`${server.address}\n`);
