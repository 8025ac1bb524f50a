import { startDemoServer } from '../../engine/demo';
import type { CommandContext } from '../declarations';

/** Runs the demo API until SIGINT or SIGTERM. */
export async function demoServerCommand({ io }: CommandContext, opts: { port: string }): Promise<void> {
  const port = Number(opts.port);
  const server = await startDemoServer({ port: Number.isInteger(port) && port >= 0 ? port : 4010 });
  io.out(`Keyhole demo server on ${server.url} (second origin for redirects: ${server.otherUrl})\nPress Ctrl+C to stop.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
}
