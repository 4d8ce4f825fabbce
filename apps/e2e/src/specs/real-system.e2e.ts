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
import { startRealStack, type RealStack } from '../stack/real-stack';

/**
 * The real system — mock-erp, mock-crm, store, engine, sync server and the built portal — after
 * the demo scenario and a sync: an admin resolves every kind of problem in Chromium, and each
 * resolution is checked in the mocks' own APIs.
 */
describe('the portal on the real system', () => {
  let stack: RealStack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    stack = await startRealStack();
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const search = async (text: string) => {
    await page.goto(`${stack.url}/?q=${encodeURIComponent(text)}`);
    await expect.poll(() => errorRows(page).count()).toBeGreaterThan(0);
  };

  it('shows the errors the sync left, with a count per kind', async () => {
    await logIn(page, stack.url, 'admin');
    expect(await page.getByTestId('user-name').textContent()).toBe('admin');
    await expect.poll(() => page.getByTestId('matching-total').textContent()).toBe('8 open');
    expect(await page.getByTestId('kind-chip-conflict').textContent()).toMatch(/Conflict\s*5/);
    expect(await page.getByTestId('kind-chip-deleted').textContent()).toMatch(/Deleted\s*2/);
    expect(await page.getByTestId('kind-chip-validation').textContent()).toMatch(
      /Invalid data\s*1/,
    );
  });

  it('filters by kind, and the filter survives a reload', async () => {
    await page.getByTestId('kind-chip-deleted').click();
    await expect.poll(() => errorRows(page).count()).toBe(2);
    await expect.poll(() => page.url()).toContain('kind=deleted');
    await page.reload();
    await expect.poll(() => errorRows(page).count()).toBe(2);
    const text = await page.getByTestId('errors-table').textContent();
    expect(text).toContain(stack.caseOf('deleted-in-crm').customerNumber);
    expect(text).toContain(stack.caseOf('deleted-in-erp').customerNumber);
  });

  it('resolves a two-field conflict field by field, and both apps hold the chosen values', async () => {
    const c = stack.extra.fieldConflict;
    await search(c.number);
    await errorRow(page, c.number).getByRole('link').click();
    await page.getByTestId('field-diff').waitFor();
    await page.locator('[data-field="name"]').getByRole('button', { name: 'ERP' }).click();
    await page.locator('[data-field="phone"]').getByRole('button', { name: 'CRM' }).click();
    await page.getByTestId('preview').click();
    await expect
      .poll(() => page.locator('[data-field="phone"] td').last().textContent())
      .toContain(c.crm.phone);
    await page.getByTestId('apply-merge').getByRole('button').click();
    expect(await confirmDialog(page)).toContain(
      'The CRM gets name from the ERP; the ERP gets phone from the CRM.',
    );
    await page.getByTestId('resolved').waitFor();
    expect(await stack.erpCustomer(c.number)).toMatchObject({
      displayName: c.erp.name,
      phoneNumber: c.crm.phone,
    });
    expect(await stack.crmAccount(c.number)).toMatchObject({
      name: c.erp.name,
      telephone1: c.crm.phone,
    });
    await closeToasts(page);
  });

  it('restores a customer deleted in the CRM from its ERP twin', async () => {
    const c = stack.caseOf('deleted-in-crm');
    expect(await stack.crmAccount(c.customerNumber)).toBeNull();
    await search(c.customerNumber);
    await errorRow(page, c.customerNumber).getByRole('link').click();
    await page.getByTestId('surviving-record').waitFor();
    await page.getByTestId('detail-restore').getByRole('button').click();
    expect(await confirmDialog(page)).toContain('Re-creates 1 record in the CRM');
    await page.getByTestId('resolved').waitFor();
    expect(await stack.crmAccount(c.customerNumber)).toMatchObject({ name: c.customerName });
    await closeToasts(page);
  });

  it('deletes the CRM survivor of a customer deleted in the ERP', async () => {
    const c = stack.caseOf('deleted-in-erp');
    expect(await stack.crmAccount(c.customerNumber)).not.toBeNull();
    await search(c.customerNumber);
    await errorRow(page, c.customerNumber).getByRole('link').click();
    await page.getByTestId('detail-delete').getByRole('button').click();
    expect(await confirmDialog(page)).toContain('Permanently deletes 1 record from the CRM');
    await page.getByTestId('resolved').waitFor();
    expect(await stack.crmAccount(c.customerNumber)).toBeNull();
    expect(await stack.erpCustomer(c.customerNumber)).toBeNull();
    await closeToasts(page);
  });

  it('fixes invalid CRM data by letting the ERP version win', async () => {
    const c = stack.caseOf('invalid');
    await search(c.customerNumber);
    await errorRow(page, c.customerNumber).getByRole('checkbox').click();
    await page.getByTestId('action-synchronize').getByRole('button').click();
    await page.getByRole('menuitem', { name: 'ERP version wins' }).click();
    expect(await confirmDialog(page)).toContain('the CRM records are overwritten');
    expect(await lastToast(page)).toContain('Synchronize: 1 succeeded of 1');
    const erp = await stack.erpCustomer(c.customerNumber);
    expect((await stack.crmAccount(c.customerNumber))?.emailaddress1).toBe(erp?.email);
    await closeToasts(page);
  });

  it('removes the coupling of three selected records at once, and both apps keep the records', async () => {
    await page.goto(`${stack.url}/?kind=conflict`);
    const bulk = stack.extra.bulkConflicts;
    await expect.poll(() => errorRows(page).count()).toBe(4);
    for (const pair of bulk) await errorRow(page, pair.number).getByRole('checkbox').click();
    await expect.poll(() => page.getByTestId('selected-count').textContent()).toMatch(/3 selected/);
    await page.getByTestId('action-remove-coupling').getByRole('button').click();
    expect(await confirmDialog(page)).toContain(
      '3 records of Customers ↔ Accounts will no longer be coupled or synchronized.',
    );
    expect(await lastToast(page)).toContain('Remove coupling: 3 succeeded of 3');
    await expect.poll(() => errorRows(page).count()).toBe(1);
    for (const pair of bulk) {
      expect(await stack.system.store.couplings.findByErpId('customers', pair.erpId)).toBeNull();
      expect(await stack.erpCustomer(pair.number)).not.toBeNull();
      expect(await stack.crmAccount(pair.number)).not.toBeNull();
    }
    await closeToasts(page);
  });

  it('finds a record by number and reads its synchronization log, also by URL', async () => {
    const c = stack.extra.fieldConflict;
    await page.getByRole('link', { name: 'Record log' }).click();
    await page.getByLabel('Find a record by number or name').fill(c.number);
    await page.getByRole('option', { name: new RegExp(c.number) }).click();
    const timeline = page.getByTestId('record-timeline');
    await expect.poll(() => timeline.textContent()).toContain('conflict');
    // The resolution wrote the chosen values: the log shows them as before → after.
    expect(await timeline.textContent()).toContain(c.crm.phone);
    await page.goto(page.url());
    await expect
      .poll(() => page.getByTestId('record-timeline').textContent())
      .toContain(c.crm.phone);
  });

  it('starts a dry run of customers and watches it finish live', async () => {
    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.getByLabel('Mapping to sync').click();
    await page.getByRole('option', { name: 'Customers ↔ Accounts' }).click();
    await page.getByTestId('start-dry-run').getByRole('button').click();
    const row = page.locator('[data-test="jobs-table"] tbody tr').filter({ hasText: 'dry run' });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.textContent(), { timeout: 45_000 }).toContain('succeeded');
  });

  it('keeps every admin action in the audit log: who, what and how many records', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    const table = page.getByTestId('audit-table');
    const removal = table.locator('tbody tr').filter({ hasText: 'actions.removeCoupling' });
    await expect.poll(() => removal.count()).toBe(1);
    expect(await removal.textContent()).toMatch(/admin.*actions\.removeCoupling.*3/);
    for (const action of ['actions.synchronize', 'actions.restore', 'actions.delete']) {
      expect(await table.textContent()).toContain(action);
    }
  });

  it('lets a viewer read but not act, and says why', async () => {
    await logOut(page);
    await logIn(page, stack.url, 'viewer');
    const remove = page.getByTestId('action-remove-coupling');
    expect(await remove.getByRole('button').isDisabled()).toBe(true);
    expect(await remove.getAttribute('data-disabled-reason')).toBe(
      'Only the operator role or higher may act on records and jobs; you are a viewer.',
    );
    await expect.poll(() => errorRows(page).count()).toBe(1);
    await errorRows(page).first().getByRole('link').click();
    await page.getByTestId('field-diff').waitFor();
    expect(await page.getByTestId('apply-merge').getByRole('button').isDisabled()).toBe(true);
  });

  it('raised no script error in the browser', () => {
    expect(pageErrors).toEqual([]);
  });
});
