// What a session needs of gRPC once a gRPC request is played or described: the modules behind it
// (@grpc/grpc-js, protobufjs and its descriptor set) are a megabyte of code and ~25 ms of module
// evaluation, which an HTTP-only `keyhole run` or app start must not pay. session/grpc-session.ts
// imports this file on first use.
export { GrpcClients } from './channel';
export { DefinitionCache } from './definitions';
export { describeGrpc, startGrpc, templateGrpc } from './start';
