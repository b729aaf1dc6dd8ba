// Flat config. Type-aware rules are left to `tsc` (strict, run by `npm test`) to keep linting fast on
// two cores; this file enforces style and, above all, the layer boundaries from docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Imports that a layer may not make: see the layer table in docs/architecture.md. */
const forbid = (...groups) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: groups.map((group) => ({
        group: [group],
        message: `Layer rule: ${group} is off limits here.`,
      })),
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      '.tmp',
      'out',
      'dist',
      'data',
      'coverage',
      'test-results',
      'playwright-report',
      'bench/results',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src-shared/**'],
    rules: forbid(
      '**/src-server/**',
      '**/src-main/**',
      '**/src-renderer/**',
      '**/src-preload/**',
      'electron',
      'node:*',
    ),
  },
  {
    files: ['src-server/**'],
    rules: forbid('**/src-main/**', '**/src-renderer/**', '**/src-preload/**', 'electron'),
  },
  {
    files: ['src-main/core/**'],
    rules: forbid(
      '**/src-server/**',
      '**/src-renderer/**',
      '**/src-preload/**',
      '**/src-main/electron/**',
      '**/src-main/headless/**',
      'electron',
      'electron-store',
    ),
  },
  {
    files: ['src-main/headless/**'],
    rules: forbid(
      '**/src-server/**',
      '**/src-renderer/**',
      '**/src-preload/**',
      '**/src-main/electron/**',
      'electron',
      'electron-store',
    ),
  },
  {
    files: ['src-main/electron/**'],
    rules: forbid('**/src-server/**', '**/src-renderer/**', '**/src-preload/**', '**/src-main/headless/**'),
  },
  { files: ['src-preload/**'], rules: forbid('**/src-server/**', '**/src-main/**', '**/src-renderer/**') },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...forbid('**/src-server/**', '**/src-main/**', '**/src-preload/**', 'electron', 'node:*'),
    },
  },
);
