// Builds the plain-Node entry points into out/node/: the `rung` CLI (cli.js, which also serves browser mode) and the
// worker threads it starts (domain-worker.js, training-worker.js, experiment-worker.js).
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/node',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: { cli: 'electron/cli/index.ts', 'domain-worker': 'electron/core/host/domain-worker.ts', 'training-worker': 'electron/core/host/training-worker.ts', 'experiment-worker': 'electron/core/host/experiment-worker.ts' },
      external: ['better-sqlite3', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      // chunks beside the entries: code that finds files relative to __dirname must see out/node in every chunk
      output: { format: 'cjs', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', banner: '#!/usr/bin/env node' },
    },
  },
  ssr: { noExternal: true, external: ['better-sqlite3'] },
});
