/**
 * Screenshots of the main portal pages from the real system with demo data, for the README and
 * the user guide: `npx tsx apps/e2e/src/screenshots.ts [outDir]` (default docs/images). Builds
 * nothing: run `npx nx build @twinsync/portal` first.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from './harness/chromium';
import { confirmDialog, errorRow, errorRows, logIn } from './harness/portal';
import { startRealStack } from './stack/real-stack';

const defaultOutDir = fileURLToPath(new URL('../../../docs/images', import.meta.url));

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  // Let PrimeVue's transitions end so nothing is caught half-drawn.
  await page.waitForTimeout(400);
}

async function main(): Promise<void> {
  const outDir = path.resolve(process.argv[2] ?? defaultOutDir);
  await mkdir(outDir, { recursive: true });
  const stack = await startRealStack({ customers: 120, seed: 42 });
  const browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
  const shots: string[] = [];
  const shoot = async (page: Page, name: string) => {
    await settle(page);
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file });
    shots.push(file);
  };
  try {
    const page = await browser.newPage();
    await logIn(page, stack.url, 'admin');
    await errorRows(page).first().waitFor();
    await shoot(page, 'errors-page');

    const c = stack.extra.fieldConflict;
    await page.goto(`${stack.url}/?q=${encodeURIComponent(c.number)}`);
    await errorRow(page, c.number).getByRole('link').click();
    await page.getByTestId('field-diff').waitFor();
    await page.locator('[data-field="name"]').getByRole('button', { name: 'ERP' }).click();
    await page.locator('[data-field="phone"]').getByRole('button', { name: 'CRM' }).click();
    await page.getByTestId('preview').click();
    await page.locator('[data-field="phone"] td').last().getByText(c.crm.phone).waitFor();
    await shoot(page, 'conflict-resolver');
    await page.getByTestId('apply-merge').getByRole('button').click();
    await confirmDialog(page);
    await page.getByTestId('resolved').waitFor();

    await page.goto(`${stack.url}/records`);
    await page.getByLabel('Find a record by number or name').fill(c.number);
    await page.getByRole('option', { name: new RegExp(c.number) }).click();
    await page.getByTestId('record-timeline').getByText(c.crm.phone).first().waitFor();
    await shoot(page, 'record-log');

    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.locator('[data-test="jobs-table"] tbody tr').first().waitFor();
    await shoot(page, 'jobs');

    await page.getByRole('link', { name: 'Mappings' }).click();
    await page.locator('[data-test^="mapping-"]').first().waitFor();
    await shoot(page, 'mappings');

    await page.getByRole('link', { name: 'Diagnostics' }).click();
    await shoot(page, 'diagnostics');
  } finally {
    await browser.close();
    await stack.close();
  }
  for (const file of shots) console.log(`saved ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
