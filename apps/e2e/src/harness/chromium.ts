import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, selectors, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; no browser is downloaded by any npm package (see the README). */
export const defaultChromiumPath = '/usr/bin/chromium';

/** Flags that keep Chromium headless, offline-quiet and usable as root in CI. */
export const chromiumArgs: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  /** A new tab (each with its own cookies only if you use `newIsolatedPage`). */
  newPage(): Promise<Page>;
  /** The temporary profile folder; removed by `close`. */
  userDataDir: string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  executablePath?: string;
  viewport?: { width: number; height: number };
}

/**
 * Launches Chromium with a fresh temporary profile (Playwright refuses `--user-data-dir` in
 * `args`, so the profile goes through `launchPersistentContext`). `close` removes the profile.
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath =
    options.executablePath ?? process.env['CHROMIUM_PATH'] ?? defaultChromiumPath;
  // The portal marks elements for tests with `data-test`.
  selectors.setTestIdAttribute('data-test');
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'twinsync-e2e-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      args: [...chromiumArgs],
      headless: true,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      timeout: 60_000,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new Error(
      `Could not start Chromium at ${executablePath} (install Debian's chromium or set CHROMIUM_PATH): ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
  return {
    context,
    userDataDir,
    newPage: () => context.newPage(),
    async close() {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
