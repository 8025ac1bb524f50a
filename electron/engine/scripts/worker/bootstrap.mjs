// Starts the script worker from the TypeScript sources (vitest, tsx, npm run web): a worker
// thread does not inherit the parent's tsx loader, so it registers its own. Built code (out/cli,
// out/main) starts script-worker.js instead and never loads this file.
import { register } from 'tsx/esm/api';

register();
await import('./entry.ts');
