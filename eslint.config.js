import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '.tmp/**', 'bench/results/**', '**/*.js', '!eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Blob: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // Small pieces (issue 15): a function a reader can hold in mind, a file that does one thing.
    files: ['packages/*/src/**/*.{ts,tsx}'],
    ignores: ['packages/server/src/kernel/db/schema.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 120 }],
      'max-lines': ['error', { max: 500 }],
    },
  },
  {
    // Only repositories (and the kernel's db, migrations and the demo's bulk loads) write SQL; the import
    // of Kysely itself is checked by dependency-cruiser (.dependency-cruiser.cjs).
    files: ['packages/server/src/**/*.ts'],
    ignores: ['packages/server/src/**/repository.ts', 'packages/server/src/**/*.repository.ts', 'packages/server/src/kernel/db/**', 'packages/server/src/demo/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|selectNoFrom|replaceInto|executeQuery)$/]',
          message: 'SQL belongs in a repository (features/<feature>/repository.ts).',
        },
        { selector: "TaggedTemplateExpression[tag.name='sql']", message: 'SQL belongs in a repository (features/<feature>/repository.ts).' },
        { selector: "MemberExpression[object.name='sql']", message: 'SQL belongs in a repository (features/<feature>/repository.ts).' },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['scripts/**/*.mjs', 'packages/server/bin/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
