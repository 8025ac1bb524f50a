import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

/**
 * The renderer's build, shared by electron-vite (electron.vite.config.ts) and the browser mode
 * (`npm run build:renderer`). Monaco is bundled locally with its workers as separate ES module
 * chunks; nothing is loaded from a CDN.
 */
export const rendererConfig: UserConfig = {
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    target: 'es2022',
    sourcemap: false,
  },
};

export default defineConfig(rendererConfig);
