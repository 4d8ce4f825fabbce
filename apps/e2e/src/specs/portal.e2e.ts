import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Browser } from '../harness/chromium';
import {
  closeToasts,
  confirmDialog,
  errorRow,
  errorRows,
  lastToast,
  logIn,
  logOut,
} from '../harness/portal';
import { startDemoStack, type RunningStack } from '../stack/demo-stack';
import { scenario } from '../stack/scenario';

/**
 * The admin's day in the portal, in a real Chromium against the running sync server: see the
 * errors a sync left, filter them, resolve each kind, read a record's log, start a job, and check
 * that a viewer cannot act. Every resolution is checked in the apps, not only on screen.
 */
describe('the admin portal in a browser', () => {
  let stack: RunningStack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    stack = await startDemoStack();
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('logs in and shows the user name and role', async () => {
    await logIn(page, stack.url, 'admin');
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('admin');
    expect(await page.getByTestId('user-role').textContent()).toBe('admin');
  });

  it('lists every open error with a count per kind', async () => {
    await expect.poll(() => page.getByTestId('matching-total').textContent()).toBe('64 open');
    expect(await page.getByTestId('kind-chip-throttled').textContent()).toMatch(/Throttled\s*60/);
    expect(await page.getByTestId('kind-chip-deleted').textContent()).toMatch(/Deleted\s*2/);
    expect(await page.getByTestId('kind-chip-conflict').textContent()).toMatch(/Conflict\s*1/);
    expect(await page.getByTestId('kind-chip-validation').textContent()).toMatch(
      /Invalid data\s*1/,
    );
    // 50 rows per page, the next page holds the rest: no row cap.
    await expect.poll(() => errorRows(page).count()).toBe(50);
    await page.getByTestId('next-page').click();
    await expect.poll(() => page.getByTestId('page-report').textContent()).toMatch(/51–64 of 64/);
  });

  it('filters by kind and by search, and keeps the filter in the URL across a reload', async () => {
    await page.getByTestId('kind-chip-conflict').click();
    await expect.poll(() => errorRows(page).count()).toBe(1);
    await expect.poll(() => page.url()).toContain('kind=conflict');
    await page.reload();
    await expect.poll(() => errorRows(page).count()).toBe(1);
    expect(await errorRows(page).first().textContent()).toContain(scenario.conflict.name);
    await page.getByTestId('kind-chip-conflict').click();
    await page.getByLabel('Search errors').fill('Coho');
    await expect.poll(() => errorRows(page).count()).toBe(1);
    await expect.poll(() => page.url()).toContain('q=Coho');
    await page.getByLabel('Search errors').fill('');
    await expect.poll(() => errorRows(page).count()).toBe(50);
  });

  it('works from the keyboard: / searches, j and the arrows move, Space selects, Enter opens', async () => {
    await page.goto(stack.url);
    await errorRows(page).first().waitFor();
    await page.keyboard.press('/');
    await page.keyboard.type('Item 2000');
    await expect.poll(() => errorRows(page).count()).toBe(10);
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press(' ');
    await expect.poll(() => page.getByTestId('selected-count').textContent()).toMatch(/1 selected/);
    const second = /I2000\d/.exec((await errorRows(page).nth(1).textContent()) ?? '')?.[0];
    expect(second).toBeDefined();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('detail-title').textContent()).toContain(second);
  });

  it('refreshes the table live when new errors appear, keeping the selection', async () => {
    await page.goto(`${stack.url}/?kind=throttled`);
    await expect.poll(() => errorRows(page).count()).toBe(50);
    await errorRow(page, 'Item 20003').getByRole('checkbox').click();
    await expect.poll(() => page.getByTestId('selected-count').textContent()).toMatch(/1 selected/);
    const coupling = await stack.store.couplings.create({
      mappingId: 'items',
      erpId: 'erp-live',
      crmId: 'crm-live',
      recordNumber: 'I29999',
      recordName: 'Item arriving live',
    });
    await stack.store.errors.raise({
      mappingId: 'items',
      couplingId: coupling.id,
      recordNumber: 'I29999',
      recordName: 'Item arriving live',
      kind: 'throttled',
      state: 'skipped',
      message: 'ERP answered 429 Too Many Requests three times in a row',
    });
    stack.engine.emit({ type: 'errorsChanged', mappingId: 'items', at: new Date() });
    await expect
      .poll(() => page.getByTestId('matching-total').textContent())
      .toBe(`${scenario.throttledCount + 1} open`);
    await expect.poll(() => errorRows(page).first().textContent()).toContain('Item arriving live');
    expect(await page.getByTestId('selected-count').textContent()).toMatch(/1 selected/);
    expect(await errorRow(page, 'Item 20003').getByRole('checkbox').isChecked()).toBe(true);
  });

  it('resolves a conflict per field and both apps end with the chosen values', async () => {
    await page.goto(`${stack.url}/?kind=conflict`);
    await errorRow(page, scenario.conflict.name).getByRole('link').click();
    await page.getByTestId('field-diff').waitFor();
    const phone = page.locator('[data-field="phone"]');
    // ERP changed the name, the CRM the city: those default to the side that changed.
    await phone.getByRole('button', { name: 'ERP' }).click();
    await page.getByTestId('preview').click();
    await expect
      .poll(() => page.locator('[data-field="city"] td').last().textContent())
      .toContain('Seattle');
    await page.getByTestId('apply-merge').getByRole('button').click();
    const question = await confirmDialog(page);
    expect(question).toContain(
      'The CRM gets name, phone from the ERP; the ERP gets city from the CRM.',
    );
    await page.getByTestId('resolved').waitFor();
    const expected = { name: 'Adatum Corp.', city: 'Seattle', phone: '555-0199' };
    expect(stack.apps.read('erp', scenario.conflict.erpId)).toEqual(expected);
    expect(stack.apps.read('crm', scenario.conflict.crmId)).toEqual(expected);
    await closeToasts(page);
  });

  it('restores a record deleted in the CRM from its ERP twin', async () => {
    await page.goto(`${stack.url}/?q=${encodeURIComponent(scenario.deletedInCrm.name)}`);
    await errorRow(page, scenario.deletedInCrm.name).getByRole('link').click();
    await page.getByTestId('surviving-record').waitFor();
    await page.getByTestId('detail-restore').getByRole('button').click();
    expect(await confirmDialog(page)).toContain(
      'Re-creates 1 record in the CRM where it was deleted',
    );
    await page.getByTestId('resolved').waitFor();
    expect(stack.apps.read('crm', scenario.deletedInCrm.crmId)).toEqual(
      stack.apps.read('erp', scenario.deletedInCrm.erpId),
    );
    await closeToasts(page);
  });

  it('deletes the CRM survivor of a record deleted in the ERP', async () => {
    await page.goto(`${stack.url}/?q=${encodeURIComponent(scenario.deletedInErp.name)}`);
    await errorRow(page, scenario.deletedInErp.name).getByRole('link').click();
    await page.getByTestId('detail-delete').getByRole('button').click();
    expect(await confirmDialog(page)).toContain(
      'Permanently deletes 1 record from the CRM where it still exists',
    );
    await page.getByTestId('resolved').waitFor();
    expect(stack.apps.read('crm', scenario.deletedInErp.crmId)).toBeNull();
    await closeToasts(page);
  });

  it('removes the coupling of all throttled records at once, with a confirmation naming how many', async () => {
    await page.goto(`${stack.url}/?kind=throttled`);
    await expect.poll(() => errorRows(page).count()).toBe(50);
    await page.locator('[data-test="errors-table"] thead').getByRole('checkbox').click();
    await page.getByTestId('select-all-matching').click();
    await expect
      .poll(() => page.getByTestId('selected-count').textContent())
      .toMatch(/61 selected/);
    await page.getByTestId('action-remove-coupling').getByRole('button').click();
    expect(await confirmDialog(page)).toContain(
      '61 records of Items ↔ Products will no longer be coupled or synchronized.',
    );
    expect(await lastToast(page)).toContain('Remove coupling: 61 succeeded');
    await expect.poll(() => page.getByTestId('no-errors').isVisible()).toBe(true);
    const sent = stack.engine.actions.at(-1);
    expect(sent?.action).toEqual({ type: 'removeCoupling' });
    expect(sent?.targets).toHaveLength(61);
    await closeToasts(page);
  });

  it('shows only the invalid record left, and its error in words', async () => {
    await page.goto(stack.url);
    await expect.poll(() => page.getByTestId('matching-total').textContent()).toBe('1 open');
    expect(await errorRows(page).first().textContent()).toContain(
      'CRM refused telephone1: longer than 50 characters',
    );
  });

  it('finds a record by name and shows its synchronization log with before and after values', async () => {
    await page.getByRole('link', { name: 'Record log' }).click();
    await page.getByLabel('Find a record by number or name').fill('Adatum');
    await page.getByRole('option', { name: /C10000/ }).click();
    await page.getByTestId('record-timeline').waitFor();
    expect(await page.getByTestId('record-title').textContent()).toContain(
      'C10000 Adatum Corporation',
    );
    const timeline = page.getByTestId('record-timeline');
    await expect.poll(() => timeline.textContent()).toContain('conflict');
    expect(await timeline.textContent()).toContain('555-0111');
    // The same log by URL, as a bookmark or a link from elsewhere would open it.
    const url = page.url();
    await page.goto(url);
    await expect.poll(() => page.getByTestId('record-timeline').textContent()).toContain('coupled');
  });

  it('starts a dry run and watches it finish live', async () => {
    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.getByLabel('Mapping to sync').click();
    await page.getByRole('option', { name: 'Customers ↔ Accounts' }).click();
    await page.getByTestId('start-dry-run').getByRole('button').click();
    const row = page.locator('[data-test="jobs-table"] tbody tr').filter({ hasText: 'dry run' });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('succeeded');
    expect(stack.engine.started.at(-1)).toMatchObject({ dryRun: true, requestedBy: 'admin' });
  });

  it('lets a viewer read everything but act on nothing, and says why', async () => {
    await logOut(page);
    await logIn(page, stack.url, 'viewer');
    expect(await page.getByTestId('user-role').textContent()).toBe('viewer');
    const retry = page.getByTestId('action-retry');
    expect(await retry.getByRole('button').isDisabled()).toBe(true);
    expect(await retry.getAttribute('data-disabled-reason')).toBe(
      'Only the operator role or higher may act on records and jobs; you are a viewer.',
    );
    await errorRow(page, scenario.invalid.name).getByRole('link').click();
    expect(await page.getByTestId('detail-dismiss').getByRole('button').isDisabled()).toBe(true);
    await page.getByRole('link', { name: 'Mappings' }).click();
    await page.getByTestId('mappings-readonly').waitFor();
  });

  it('raised no script error in the browser', () => {
    expect(pageErrors).toEqual([]);
  });
});
