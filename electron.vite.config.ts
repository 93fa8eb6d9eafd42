// Builds the desktop app: Electron main process, sandboxed preload, and the React renderer into out/.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'domain-worker': resolve(__dirname, 'electron/core/host/domain-worker.ts'),
          'training-worker': resolve(__dirname, 'electron/core/host/training-worker.ts'),
          'experiment-worker': resolve(__dirname, 'electron/core/host/experiment-worker.ts'),
        },
        // chunks beside the entries: code that finds files relative to __dirname must see out/main in every chunk
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    base: './',
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
    plugins: [react()],
  },
});
