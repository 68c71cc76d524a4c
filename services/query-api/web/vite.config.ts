import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// Built into ./dist and served by query-api (registerDashboard) at `/` with the API on the same origin.
export default defineConfig({
  root,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
  },
  server: {
    // `npx vite services/query-api/web` during development: the API is a local query-api.
    proxy: { '/v1': 'http://127.0.0.1:8080' },
  },
});
