import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Lints a snippet as if it were a file at `file` (relative to the workspace root), with the
 * workspace's own eslint.config.js, and returns the ids of the rules that fired.
 * Type information is switched off: the files do not exist, only their place in the tree matters.
 */
async function rulesFiredFor(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfig: [
      tseslint.configs.disableTypeChecked,
      {
        languageOptions: { parserOptions: { projectService: false, project: null } },
        rules: {
          '@typescript-eslint/consistent-type-imports': 'off',
          '@typescript-eslint/no-unused-vars': 'off',
        },
      },
    ],
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const typedRulesOff = (rules: string[]) =>
  rules.filter((r) => !r.startsWith('@typescript-eslint/no-unsafe'));

describe('the dependency direction of docs/architecture.md is enforced by lint', () => {
  it('sync-core importing express fails lint', async () => {
    const fired = await rulesFiredFor(
      'libs/sync-core/src/bad.ts',
      "import express from 'express';\nexport const x = express;\n",
    );
    expect(fired).toContain('@nx/enforce-module-boundaries');
  });

  it('sync-core reading the clock fails lint', async () => {
    const fired = await rulesFiredFor(
      'libs/sync-core/src/bad.ts',
      'export const now = Date.now();\n',
    );
    expect(fired).toContain('no-restricted-properties');
  });

  it('sync code importing a mock app fails lint', async () => {
    const fired = await rulesFiredFor(
      'libs/sync-engine/src/bad.ts',
      "import * as crm from '@twinsync/mock-crm';\nexport const x = crm;\n",
    );
    expect(fired).toContain('@nx/enforce-module-boundaries');
  });

  it('a mock app importing sync code fails lint', async () => {
    const fired = await rulesFiredFor(
      'apps/mock-erp/src/bad.ts',
      "import * as core from '@twinsync/sync-core';\nexport const x = core;\n",
    );
    expect(fired).toContain('@nx/enforce-module-boundaries');
  });

  it('the portal importing a value from the API fails lint, a type import passes', async () => {
    const valueImport = await rulesFiredFor(
      'apps/portal/src/bad.ts',
      "import * as api from '@twinsync/sync-api';\nexport const x = api;\n",
    );
    expect(valueImport).toContain('@typescript-eslint/no-restricted-imports');
    const typeImport = await rulesFiredFor(
      'apps/portal/src/good.ts',
      "import type { AppRouter } from '@twinsync/sync-api';\nexport type X = AppRouter;\n",
    );
    expect(typedRulesOff(typeImport)).toEqual([]);
  });

  it('the engine importing sync-core passes lint', async () => {
    const fired = await rulesFiredFor(
      'libs/sync-engine/src/good.ts',
      "import { changedFields } from '@twinsync/sync-core';\nexport const x = changedFields;\n",
    );
    expect(typedRulesOff(fired)).toEqual([]);
  });
});
