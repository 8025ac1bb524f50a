/**
 * The channel names of the IPC contract, without their schemas, so the preload script can build
 * its `api` object without bundling zod. contract.ts checks at compile time that this list and
 * the contract's keys are the same set.
 */
export const CHANNELS = [
  'app.info',
  'app.openExternal',
  'workspace.get',
  'workspace.choose',
  'collection.create',
  'collection.save',
  'request.save',
  'collection.delete',
  'collection.fileAccess',
  'collection.setFileAccess',
  'environment.save',
  'environment.delete',
  'secret.reveal',
  'variables.list',
  'request.send',
  'request.cancel',
  'exchange.get',
  'exchange.body',
  'exchange.saveBody',
  'history.list',
  'inspector.explain',
  'inspector.jwt',
  'auth.forgetToken',
  'import.run',
  'export.formats',
  'export.run',
  'file.pick',
  'file.stage',
  'runner.start',
  'runner.poll',
  'runner.stop',
  'runner.exchange',
] as const;
export type Channel = (typeof CHANNELS)[number];
