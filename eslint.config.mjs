// Lint: TypeScript's recommended rules for the sources and tests, and the Nx
// plugin checks for the plugin's manifests (tools/eslint/nx-plugin-checks.mjs).
import * as jsonc from 'jsonc-eslint-parser';
import tseslint from 'typescript-eslint';
import nxPlugin from './tools/eslint/nx-plugin-checks.mjs';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'tmp/**', '.venv*/**', 'examples/**/node_modules/**'] },
  {
    files: ['packages/*/src/**/*.ts', 'packages/*/test/**/*.ts', 'e2e/**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      // Unused names are errors, except `_`-prefixed ones kept for their position.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['packages/kfp/{executors,generators,migrations,package}.json'],
    languageOptions: { parser: jsonc },
    plugins: { kfp: nxPlugin },
    rules: { 'kfp/nx-plugin-checks': 'error' },
  },
);
