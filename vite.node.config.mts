// Builds the plain-Node entry points (the `rung` CLI, which also serves browser mode) into out/node/cli.js.
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
      input: { cli: 'electron/cli/index.ts' },
      external: ['better-sqlite3', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { format: 'cjs', entryFileNames: '[name].js', banner: '#!/usr/bin/env node' },
    },
  },
  ssr: { noExternal: true, external: ['better-sqlite3'] },
});
