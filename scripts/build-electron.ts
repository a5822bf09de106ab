// Bundles Electron main and the sandboxed preload into single CommonJS files (a sandboxed preload
// cannot load more than one file).
import { build, type BuildOptions } from 'esbuild';

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
  external: [
    'electron',
    'serialport',
    '@serialport/*',
    '@electric-sql/pglite',
    'pg',
    'fastify',
    'ws',
    // native image library (prebuilt libvips) and the XLSX writer stay in node_modules
    'sharp',
    'exceljs',
    'node-sqlite3-wasm',
  ],
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist-electron/main.cjs' }),
  build({
    ...common,
    entryPoints: ['electron/preload/preload.ts'],
    outfile: 'dist-electron/preload.cjs',
    external: ['electron'],
  }),
]);
