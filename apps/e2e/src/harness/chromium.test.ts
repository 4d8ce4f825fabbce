import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chromiumArgs, launchChromium } from './chromium';

describe('launchChromium', () => {
  // Up to a minute, as launchChromium's own timeout and the browser suite allow: on a busy 2-core
  // machine starting Chromium took longer than vitest's default 5 s (a CI run of 2026-12-01).
  it('renders a page in Debian Chromium and removes its temporary profile on close', async () => {
    const browser = await launchChromium();
    const profile = browser.userDataDir;
    try {
      expect(existsSync(profile)).toBe(true);
      const page = await browser.newPage();
      await page.setContent('<label for="n">Name</label><input id="n" data-test="name">');
      await page.getByLabel('Name').fill('Adatum');
      expect(await page.getByTestId('name').inputValue()).toBe('Adatum');
      expect(page.viewportSize()).toEqual({ width: 1280, height: 800 });
    } finally {
      await browser.close();
    }
    expect(existsSync(profile)).toBe(false);
  }, 60_000);

  it('names the missing browser instead of downloading one', async () => {
    await expect(launchChromium({ executablePath: '/nonexistent/chromium' })).rejects.toThrow(
      /Could not start Chromium at \/nonexistent\/chromium/,
    );
  });

  it('never passes a profile folder in the flags (Playwright refuses it there)', () => {
    expect(chromiumArgs.some((flag) => flag.startsWith('--user-data-dir'))).toBe(false);
    expect(chromiumArgs).toContain('--headless');
  });
});
