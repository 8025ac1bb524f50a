import { startDemoServer } from '../../engine/demo';
import type { RegisterCommand } from './index';

/** `keyhole demo-server`: the local API the example workspace talks to; runs until interrupted. */
export const registerDemoServer: RegisterCommand = (program, io) => {
  program
    .command('demo-server')
    .description('Start a local demo API on 127.0.0.1 that succeeds and refuses in the ways `keyhole explain` explains')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', '4010')
    .action(async (opts: { port: string }) => {
      const port = Number(opts.port);
      const server = await startDemoServer({ port: Number.isInteger(port) && port >= 0 ? port : 4010 });
      io.out(`Keyhole demo server on ${server.url} (second origin for redirects: ${server.otherUrl})\nPress Ctrl+C to stop.\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
    });
};
