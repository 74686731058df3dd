// Lint: typescript-eslint and eslint-plugin-svelte recommended rules, plus the layer boundaries of
// scripts/lint/import-boundaries.js. Formatting is Prettier's (`npm run format`), not ESLint's.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { boundariesPlugin } from './scripts/lint/import-boundaries.js';

/** Globals of a browser page, which main/ and shared/ must not touch (they also compile without the DOM library). */
const pageGlobals = [
  'window',
  'document',
  'navigator',
  'location',
  'localStorage',
  'sessionStorage',
  'HTMLElement',
].map((name) => ({
  name,
  message: 'main/ and shared/ do not run in a page.',
}));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'test-artifacts/**',
      'main/core/engine/vendor/**',
      '.device/**',
      '.gl/**',
      '.whl/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { fairbound: boundariesPlugin },
    rules: {
      'fairbound/import-boundaries': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,svelte}', '**/*.svelte.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The state modules replace Maps and Sets wholesale ($state.raw) or keep them private and non-reactive on purpose.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['main/**/*.ts', 'shared/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', ...pageGlobals] },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...pageGlobals,
        ...['process', 'Buffer', '__dirname', '__filename', 'require'].map((name) => ({
          name,
          message: 'shared/ runs in the renderer too.',
        })),
      ],
    },
  },
  {
    // CommonJS fixtures preloaded with `node --require` (tfjs must be patched before any ESM import runs).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
