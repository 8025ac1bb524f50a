import { startGrpcServer } from '/work/wtR1/test/servers/grpc';
const s = await startGrpcServer();
console.log(s.url);
setTimeout(() => { void s.close(); }, 900000);
