import type { Locator, Page } from 'playwright-core';

export const demoUsers = {
  admin: 'admin-demo-pass',
  operator: 'operator-demo-pass',
  viewer: 'viewer-demo-pass',
} as const;

export type DemoUser = keyof typeof demoUsers;

/** Logs in through the login form and waits for the errors page. */
export async function logIn(page: Page, baseUrl: string, user: DemoUser): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password', { exact: true }).fill(demoUsers[user]);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: /Coupled Data Synchronization Errors/ }).waitFor();
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByLabel('User name').waitFor();
}

/** The body rows of the errors table. */
export function errorRows(page: Page): Locator {
  return page.locator('[data-test="errors-table"] tbody tr[data-p-index]');
}

/** The row of one record, by its name. */
export function errorRow(page: Page, name: string): Locator {
  return errorRows(page).filter({ hasText: name });
}

/** Accepts the open confirmation dialog and returns the text it showed. */
export async function confirmDialog(page: Page): Promise<string> {
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  const text = (await dialog.textContent()) ?? '';
  await dialog.locator('.p-confirmdialog-accept-button').click();
  await dialog.waitFor({ state: 'hidden' });
  return text;
}

/** The newest toast's text, once one is shown. */
export async function lastToast(page: Page): Promise<string> {
  const toast = page.locator('.p-toast-message').last();
  await toast.waitFor();
  return (await toast.textContent()) ?? '';
}

export async function closeToasts(page: Page): Promise<void> {
  const buttons = page.locator('.p-toast-close-button');
  for (let i = (await buttons.count()) - 1; i >= 0; i--) await buttons.nth(i).click();
}
