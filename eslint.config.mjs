// Lint is a gate: zero warnings. The runtime layers (design §7) are enforced here, not by memory.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { readdirSync } from 'node:fs';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/promises',
  'path',
  'os',
  'crypto',
  'child_process',
  'net',
  'http',
  'https',
  'url',
  'stream',
  'events',
  'util',
  'zlib',
  'worker_threads',
  'buffer',
  'process',
  'tls',
  'dgram',
  'readline',
];

function restrict(patterns, message) {
  return { group: patterns, message };
}

// Feature folders (renderer/src/features/<feature>/) import each other only through each feature's
// `index`; `common` is the shared folder any feature imports directly. One zone per pair of folders,
// generated from the folders on disk so a new feature is covered without editing this file.
const featuresDir = 'renderer/src/features';
const sharedFeatureFolder = 'common';
const features = readdirSync(featuresDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const featureZones = features.flatMap((target) =>
  features
    .filter((from) => from !== target && from !== sharedFeatureFolder)
    .map((from) => ({
      target: `./${featuresDir}/${target}`,
      from: `./${featuresDir}/${from}`,
      except: ['./index.ts', './index.tsx'],
      message: `features/${target} reaches features/${from} only through its index (export what is needed there).`,
    })),
);

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist-*/',
      'release/',
      '.tsbuild/',
      '.ci-out/',
      'test-results/',
      'playwright-report/',
      '.wrm-data/',
      'coverage/',
      'docs/',
      '**/*.d.ts.map',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', 'bin/*.mjs', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      // Resolve extension-less TypeScript imports so the layer zones below can see where they point.
      'import-x/resolver-next': [
        importX.createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
          // The #shared/ alias of tsconfig.base.json, so the zones see shared/ behind it.
          alias: { '#shared': [`${import.meta.dirname}/shared`] },
        }),
      ],
      // Parse TypeScript dependencies too, so no-cycle can follow imports through .ts/.tsx modules.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      curly: ['error', 'all'],
      'no-console': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      'import-x/no-default-export': 'error',
      // No import circles: a shared piece moves into a module of its own that both sides import.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './shared',
              from: ['./electron', './renderer', './server', './e2e', './scripts', './cli'],
              message: 'shared/ is pure: it imports nothing outside itself.',
            },
            {
              target: './renderer',
              from: ['./electron', './server', './scripts', './cli'],
              message: 'renderer/ talks to the host only through the HostApi contract in shared/.',
            },
            {
              target: './server',
              from: ['./electron', './renderer', './e2e', './scripts', './cli'],
              message: 'server/ imports shared/ only.',
            },
            {
              target: './electron',
              from: ['./renderer', './server', './e2e', './cli'],
              message: 'electron/ imports shared/ only.',
            },
            {
              target: './console',
              from: ['./renderer', './server', './electron', './e2e', './scripts', './cli'],
              message:
                'console/ is a browser page of the service: it imports shared/ only (through #shared/).',
            },
            {
              target: './e2e',
              from: ['./renderer'],
              message: 'e2e drives the app from outside; it does not import renderer internals.',
            },
            ...featureZones,
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(nodeBuiltins, 'shared/ is pure: no Node built-ins.'),
            restrict(['electron', 'electron/*'], 'shared/ is pure: no Electron.'),
            restrict(
              [
                'react',
                'react-dom',
                'react/*',
                'react-dom/*',
                'antd',
                'antd/*',
                'leaflet',
                'react-leaflet',
                'rxdb',
                'rxdb/*',
                'serialport',
                '@serialport/*',
                'fastify',
                'pg',
                '@electric-sql/*',
                'ws',
              ],
              'shared/ is pure TypeScript: no UI, storage, transport or server packages.',
            ),
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'process',
        'Buffer',
        'require',
        '__dirname',
        'localStorage',
        'navigator',
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(nodeBuiltins, 'renderer/ never imports Node built-ins.'),
            restrict(['electron', 'electron/*'], 'renderer/ never imports electron; use the HostApi client.'),
            restrict(
              ['serialport', '@serialport/*', 'fastify', 'pg', '@electric-sql/*', 'ws'],
              'renderer/ cannot use Node-side packages.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['console/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(nodeBuiltins, 'console/ is a browser page: no Node built-ins.'),
            restrict(
              [
                'electron',
                'electron/*',
                'serialport',
                '@serialport/*',
                'fastify',
                'pg',
                '@electric-sql/*',
                'ws',
                'rxdb',
                'rxdb/*',
              ],
              'console/ cannot use Node-side or app-side packages.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    ignores: ['server/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(
              ['electron', 'electron/*', 'react', 'react/*', 'antd', 'rxdb', 'rxdb/*', 'serialport'],
              'server/ imports shared/ only (and its own server packages).',
            ),
          ],
        },
      ],
    },
  },
  {
    files: [
      'electron/**/*.ts',
      'server/**/*.ts',
      'scripts/**/*.ts',
      'e2e/**/*.ts',
      'bin/**',
      '*.config.ts',
      '**/*.test.ts',
      '**/*.test.tsx',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // shared/ is reached through the #shared/ alias (tsconfig.base.json), never a ../../ chain.
    files: ['**/*.{ts,tsx}'],
    ignores: ['shared/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[source.value=/^(\\.\\.?\\/)+shared\\//]',
          message: 'Import shared/ as #shared/… (the alias), not through a relative chain.',
        },
        {
          selector: 'ExportNamedDeclaration[source.value=/^(\\.\\.?\\/)+shared\\//]',
          message: 'Re-export shared/ as #shared/… (the alias), not through a relative chain.',
        },
        {
          selector: 'ImportExpression[source.value=/^(\\.\\.?\\/)+shared\\//]',
          message: 'Import shared/ as #shared/… (the alias), not through a relative chain.',
        },
      ],
    },
  },
  {
    // Config files, CLIs and build scripts: tools need a default export or the console.
    files: ['*.config.ts', '*.config.mjs', 'eslint.config.mjs', 'playwright.config.ts'],
    rules: { 'import-x/no-default-export': 'off' },
  },
  {
    files: ['scripts/**', 'bin/**', 'server/cli.ts', 'electron/cli/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
