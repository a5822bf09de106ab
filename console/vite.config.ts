import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { sharedAlias } from '../vite.config';

/** The operator console: its own entry and output, served by the sync service at /console/. */
// eslint-disable-next-line import-x/no-default-export -- Vite reads the config from the default export
export default defineConfig({
  root: 'console',
  base: '/console/',
  plugins: [react()],
  resolve: { alias: sharedAlias },
  build: { outDir: '../dist-console', emptyOutDir: true, chunkSizeWarningLimit: 4000, sourcemap: false },
  server: { host: '127.0.0.1' },
});
