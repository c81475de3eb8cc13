import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'bench/results/**', 'dist/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Workflows run in Temporal's deterministic sandbox: they must never reach I/O code.
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['../activities/*', '../hibob/*', '../db/*', '../simulator/*', '../client/*', '../cli/*', '../temporal/*', '../observability/*'], message: 'Workflows only orchestrate: import types with `import type`, or shared pure code from ../shared.', allowTypeImports: true },
          { group: ['axios', 'pg', 'kysely', 'fastify', 'node:*', 'fs', 'http', 'crypto'], message: 'No I/O in workflows.' },
        ],
      }],
    },
  },
  {
    files: ['bin/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
