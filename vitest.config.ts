import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { sharedAlias } from './vite.config';

export default defineConfig({
  plugins: [react()],
  resolve: { alias: sharedAlias },
  test: {
    include: [
      'shared/**/*.test.ts',
      'electron/**/*.test.ts',
      'server/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'console/**/*.test.{ts,tsx}',
      'scripts/**/*.test.ts',
      'cli/**/*.test.ts',
    ],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Server tests against PostgreSQL create their own databases; files still run in parallel workers.
    pool: 'forks',
  },
});
