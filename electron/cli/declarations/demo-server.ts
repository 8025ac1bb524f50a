import type { DeclareCommand } from './index';

/** `keyhole demo-server`: the local API the example workspace talks to; runs until interrupted. */
export const declareDemoServer: DeclareCommand = (program, ctx) => {
  program
    .command('demo-server')
    .description('Start a local demo API on 127.0.0.1 that succeeds and refuses in the ways `keyhole explain` explains')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', '4010')
    .action(async (opts: { port: string }) => {
      const { demoServerCommand } = await import('../commands/demo-server');
      await demoServerCommand(ctx, opts);
    });
};
