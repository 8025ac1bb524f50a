#!/usr/bin/env node
// The CLI runs from TypeScript source through tsx, so there is no build step between a checkout
// and a working `keyhole` command.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
