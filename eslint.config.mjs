// Lint: typescript-eslint's recommended rules and import order (eslint-plugin-import-x); formatting is prettier's
// (eslint-config-prettier turns off the rules it owns). `npm run lint` runs it, in `npm test` and CI; `npm run format`
// fixes what can be fixed (import order, duplicate imports) and formats with prettier.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const NODE_GLOBALS = { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', __filename: 'readonly', process: 'readonly', console: 'readonly', Buffer: 'readonly' };

export default tseslint.config(
  { ignores: ['dist/', 'cdktf.out/', 'docs/api/', 'bench/.out/', 'coverage/', '.gen/', 'examples/city/', '**/cdktf.out/', '**/node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    rules: {
      'import-x/order': ['error', { groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'], 'newlines-between': 'never', alphabetize: { order: 'asc', caseInsensitive: true } }],
      'import-x/no-duplicates': ['error', { 'prefer-inline': true }],
      // The convention for a parameter a signature needs but the body does not use (`_scope`), or a prop left out of a spread.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Code that reads Kubernetes objects, Terraform JSON and files it did not write: the compliance rules, the review,
    // the tests and the benchmarks look into `any` JSON on purpose and check what they read.
    files: ['lib/compliance/**', 'lib/review/**', 'test/**', 'bench/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests require the built library and optional modules at run time on purpose (what an installed package exports).
    files: ['test/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: NODE_GLOBALS },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
