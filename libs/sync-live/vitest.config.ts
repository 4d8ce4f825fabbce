import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Real HTTP against both mock servers on a 2-core machine shared with other test runs: a
    // test is slow under load without being wrong, so the per-test limit is generous.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    coverage: { provider: 'v8', include: ['src/**/*.ts'] },
  },
});
