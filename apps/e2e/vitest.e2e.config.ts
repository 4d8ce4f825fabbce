import { defineConfig } from 'vitest/config';

/**
 * The browser suite: Debian's Chromium against the running system. One file at a time (each
 * starts its own stack and browser), generous timeouts for a loaded 2-core machine.
 */
export default defineConfig({
  test: {
    include: ['src/specs/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    bail: 1,
    // The browser and the server share a loaded machine: give the page time to settle.
    expect: { poll: { timeout: 10_000, interval: 100 } },
    teardownTimeout: 30_000,
  },
});
