import { defineConfig } from 'vitest/config';

/** Unit tests of the e2e harness; the browser suite has its own config (`npm run e2e`). */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    coverage: { provider: 'v8', include: ['src/**/*.ts'] },
  },
});
