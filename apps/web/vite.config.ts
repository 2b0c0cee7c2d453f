import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The web UI: built into apps/web/dist, which the API serves at `/`. `vite --config apps/web/vite.config.ts` proxies /api to a local API. */
export default defineConfig({
  root,
  plugins: [react()],
  // The web shares pure type files with the server (e.g. `@lib/segments/rule`); never a lib's barrel, which pulls in Nest.
  resolve: { alias: { '@lib': fileURLToPath(new URL('../../libs', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Framework code changes rarely, so it gets its own long-cached chunks.
        manualChunks: {
          react: ['react', 'react-dom', 'react-router-dom'],
          antd: ['antd', '@ant-design/icons', 'dayjs'],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
