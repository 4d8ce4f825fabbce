// @ts-check
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * Dependency direction (docs/architecture.md), encoded as Nx tags:
 * - scope:sync  — sync code; never imports mock code.
 * - scope:mock  — the two mock apps and what they share; never import sync code.
 * - type:domain — sync-core: pure, may depend on nothing else in the workspace and on no I/O package.
 * - scope:portal — the Vue portal: its own code plus *types* of the API (see the portal rule below).
 * - scope:tooling — demo, e2e, bench, contract tests: may use everything.
 */
const depConstraints = [
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain'],
    bannedExternalImports: [
      'express',
      'knex',
      'sqlite3',
      'pg',
      'pg-boss',
      'msw',
      'node:*',
      'fs',
      'http',
      'https',
      'net',
      'child_process',
      'p-retry',
      'p-limit',
    ],
  },
  { sourceTag: 'scope:sync', onlyDependOnLibsWithTags: ['scope:sync'] },
  { sourceTag: 'scope:mock', onlyDependOnLibsWithTags: ['scope:mock'] },
  { sourceTag: 'scope:portal', onlyDependOnLibsWithTags: ['scope:portal', 'type:api'] },
  { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['*'] },
];

/** Tests may reach across scopes (an engine test talks to a real mock server). */
const testDepConstraints = depConstraints.map((c) =>
  c.sourceTag === 'scope:sync' || c.sourceTag === 'scope:mock'
    ? { ...c, onlyDependOnLibsWithTags: ['scope:sync', 'scope:mock', 'scope:tooling'] }
    : c,
);

const testFiles = [
  '**/*.test.ts',
  '**/src/testing/**/*.ts',
  '**/vitest.config.ts',
  '**/test/**/*.ts',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      '**/.nx/**',
      '**/*.vue',
      '**/lint-fixtures/**',
      'bench-results/**',
    ],
  },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: testFiles,
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: testDepConstraints },
      ],
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // sync-core is pure: no clock, no randomness, no I/O.
    files: ['libs/sync-core/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'sync-core does no I/O.' },
        { name: 'setTimeout', message: 'sync-core has no clock.' },
        { name: 'process', message: 'sync-core reads no environment.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'sync-core has no clock: pass time in.' },
        {
          object: 'Math',
          property: 'random',
          message: 'sync-core has no randomness: pass ids in.',
        },
      ],
    },
  },
  {
    // The portal may import only *types* from the API.
    files: ['apps/portal/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@twinsync/sync-api', '@twinsync/sync-api/*'],
              allowTypeImports: true,
              message: 'The portal may import only types from the API.',
            },
          ],
        },
      ],
    },
  },
);
