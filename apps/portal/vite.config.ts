import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/** The sync server (port 5100) serves `dist/` in production; in dev, Vite proxies the API to it. */
export default defineConfig({
  plugins: [vue()],
  server: {
    port: 5173,
    proxy: { '/trpc': { target: 'http://127.0.0.1:5100', changeOrigin: false } },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
});
