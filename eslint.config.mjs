// The linter for every package, app and example: ESLint's recommended rules and
// typescript-eslint's, and, on the source the packages publish and the apps run, the type-aware
// rules that catch what a test may not: a promise nobody awaits, an `await` of something that
// is no promise, an async function where a callback's result is ignored, a cast that does
// nothing. Formatting is Prettier's (`pnpm lint:format`), not ESLint's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SOURCES = ['packages/*/src/**/*.ts', 'apps/*/src/**/*.ts', 'apps/demo/client/**/*.ts'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/generated/**',
      '**/.next/**',
      '**/.wrangler/**',
      'docs/.vitepress/**',
      'docs/reference/**',
      'docs/.snippets/**',
      'examples/browser/public/**',
      'packages/api/docs/**',
      '**/*.d.ts',
      '**/.example-*/**',
      '**/.route-*/**',
      // An earlier build of core for the bench, made by hand (bench/contenders/core-before.mjs).
      'bench/.core-before.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // `_` marks what is unused on purpose (a destructured field left out, a callback's slot).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Escape codes in regexes are the point of the terminal and SSE code.
      'no-control-regex': 'off',
      // `any` is allowed where a schema or a JSON value is untyped by nature; each use is read.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // CommonJS consumers (packaging's checks of `require('@comput3/core')`).
    files: [
      '**/*.cjs',
      'packaging/consumer/cjs/**/*.js',
      'packaging/consumer/recorded/jest/**/*.js',
    ],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node, ...globals.jest } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Scripted servers in tests: a body that fails before its first chunk is a generator too.
    files: ['**/test/**', '**/*.test.*'],
    rules: { 'require-yield': 'off' },
  },
  {
    files: SOURCES,
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
    },
  },
);
