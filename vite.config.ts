import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';

/** The #shared/ alias of tsconfig.base.json, for the bundler. */
export const sharedAlias = { '#shared': fileURLToPath(new URL('./shared', import.meta.url)) };

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  resolve: { alias: sharedAlias },
  build: { outDir: '../dist-renderer', emptyOutDir: true, chunkSizeWarningLimit: 4000, sourcemap: false },
  server: { host: '127.0.0.1' },
});
