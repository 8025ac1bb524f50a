import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer/vite.config';

const at = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/**
 * The desktop build: main (ESM, Node), preload (CommonJS: sandboxed preloads cannot be modules)
 * and the renderer with the same config as the browser mode. Output goes to out/{main,preload,renderer}.
 */
export default defineConfig({
  main: {
    build: {
      outDir: at('out/main'),
      // script-worker: the script engine's worker thread, found beside the bundle by electron/engine/scripts/worker-host.ts.
      rollupOptions: { input: { index: at('electron/main/index.ts'), 'script-worker': at('electron/engine/scripts/worker/entry.ts') } },
    },
  },
  preload: {
    build: {
      outDir: at('out/preload'),
      // Bundle everything: a sandboxed preload can only require('electron').
      externalizeDeps: false,
      rollupOptions: { input: { index: at('electron/preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    ...rendererConfig,
    build: { ...rendererConfig.build, rollupOptions: { input: { index: at('renderer/index.html') } } },
  },
});
