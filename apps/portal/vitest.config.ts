import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [vue()],
  test: {
    environment: 'happy-dom',
    // Component tests mount PrimeVue for real; on a loaded shared machine 5 s is too tight.
    testTimeout: 20_000,
    include: ['src/**/*.test.ts'],
    coverage: { provider: 'v8', include: ['src/**/*.ts', 'src/**/*.vue'] },
  },
});
